import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './app-process';
import { testStack } from './test-stack';

/**
 * The operator's `npm run dlq -- <args>`, as a child process against the test
 * broker and the topics the variables in env name; resolves with its output.
 */
export async function runDlqCommand(env: Record<string, string>, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', './scripts/register.js', 'apps/fulfillment/src/dlq.ts', ...args],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        ...env,
      },
    },
  );
  return stdout;
}
