import NodeEnvironment from 'jest-environment-node';
// Jest loads the environment without moduleNameMapper, so this is a relative import within the lib.
import { LOG_BUFFER_GLOBAL, type LogBuffer } from '../captured-logs';

/** The part of jest-circus's events this environment reads. */
interface TestEvent {
  name: string;
  test?: { name: string; errors: unknown[]; parent?: { name: string } };
  hook?: { type: string };
}

/**
 * The integration specs' environment: the app logs of each test go into a
 * buffer (see captured-logs.ts), printed to stderr when that test or a hook
 * fails and dropped when it passes. The first test's buffer holds what the
 * apps logged in beforeAll, where most of them start.
 */
export default class AppLogsEnvironment extends NodeEnvironment {
  private readonly buffer: LogBuffer = { text: '' };

  override async setup(): Promise<void> {
    await super.setup();
    this.global[LOG_BUFFER_GLOBAL] = this.buffer;
  }

  handleTestEvent(event: TestEvent): void {
    if (event.name === 'test_done' && event.test) {
      if (event.test.errors.length > 0) this.print(`"${event.test.parent?.name ?? ''} ${event.test.name}" failed`);
      this.buffer.text = '';
    } else if (event.name === 'hook_failure') {
      this.print(`a ${event.hook?.type ?? ''} hook failed`);
      this.buffer.text = '';
    }
  }

  private print(why: string): void {
    if (!this.buffer.text) return;
    process.stderr.write(`\n--- app logs (${why}) ---\n${this.buffer.text}\n--- end of app logs ---\n`);
  }
}
