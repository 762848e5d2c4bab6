import { REPO_ROOT, testStack } from '@surge/testing';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run trace` or `npm run logs` as npm does (the sources through
 * scripts/register.js), on the spec's OpenSearch and index prefix: its
 * output and exit code, whatever the code.
 */
export async function runLogCli(name: 'trace' | 'logs', indexPrefix: string, ...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['-r', './scripts/register.js', `apps/log-sink/src/${name}.ts`, ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, OPENSEARCH_URL: testStack.opensearchUrl, LOG_INDEX_PREFIX: indexPrefix },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliRun;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
