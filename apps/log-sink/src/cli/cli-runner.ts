import { LogStore, LogStoreUnavailableError } from '@surge/log-store';
import { loadLogToolConfig } from '../config';

/** Bad arguments: printed with the usage, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export interface LogCli<Command> {
  /** Names the tool in its error messages. */
  name: string;
  usage: string;
  /** The command the arguments describe, or 'help'; throws CliUsageError for bad ones. */
  parse(args: string[], now: Date): Command | 'help';
  /** Prints through `out` and returns the exit code. */
  run(command: Command, store: LogStore, out: (line: string) => void): Promise<number>;
}

/**
 * What `npm run trace` and `npm run logs` share: arguments checked before
 * anything else (exit 2 with the usage), config read once, the store opened
 * and closed, and a store that does not answer said plainly (exit 1).
 */
export async function runLogCli<Command>(cli: LogCli<Command>, args: string[]): Promise<number> {
  let command: Command | 'help';
  try {
    command = cli.parse(args, new Date());
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`${cli.name}: ${error.message}\n\n${cli.usage}\n`);
    return 2;
  }
  if (command === 'help') {
    process.stdout.write(`${cli.usage}\n`);
    return 0;
  }
  let config: ReturnType<typeof loadLogToolConfig>;
  try {
    config = loadLogToolConfig();
  } catch (error) {
    // The message names the variable; a stack would only hide it.
    process.stderr.write(`${cli.name}: ${(error as Error).message}\n`);
    return 1;
  }
  const store = new LogStore({ url: config.opensearchUrl, indexPrefix: config.logIndexPrefix });
  try {
    return await cli.run(command, store, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    if (!(error instanceof LogStoreUnavailableError)) throw error;
    process.stderr.write(
      `${cli.name}: the log store at ${config.opensearchUrl} does not answer (${error.message}); ` +
        'start it with npm run stack:up -- --with-logs, or set OPENSEARCH_URL\n',
    );
    return 1;
  } finally {
    await store.close();
  }
}

/** The entry point of a CLI: its exit code, or 1 with the error for anything unforeseen. */
export function main<Command>(cli: LogCli<Command>): void {
  runLogCli(cli, process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`${cli.name}: ${error.stack ?? error.message}\n`);
      process.exitCode = 1;
    },
  );
}
