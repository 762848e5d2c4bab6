import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testStack } from '@surge/testing';

const run = promisify(execFile);
const RULES = join(__dirname, 'alerts.yml');
const RULE_TESTS = join(__dirname, 'alerts.test.yml');

async function promtool(...args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(testStack.promtoolPath, args, { cwd: __dirname });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: string | number; stdout?: string; stderr?: string };
    if (failed.code === 'ENOENT') {
      throw new Error(`no promtool at ${testStack.promtoolPath}: run scripts/monitoring/ensure-prometheus.sh`);
    }
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('alert rules (ops/prometheus/alerts.yml)', () => {
  it('are valid rules', async () => {
    const { ok, output } = await promtool('check', 'rules', RULES);
    expect(output).toContain('SUCCESS: 9 rules found');
    expect(ok).toBe(true);
  });

  it('fire on the series that should raise them and stay quiet on the others', async () => {
    const { ok, output } = await promtool('test', 'rules', RULE_TESTS);
    expect(output).toContain('SUCCESS');
    expect(ok).toBe(true);
  });

  it('have tests that catch a changed threshold', async () => {
    // The same tests against rules whose retention share moved from 50% to 90%
    // must fail: the tests pin the thresholds, not just the syntax.
    const dir = await mkdtemp(join(tmpdir(), 'surge-rules-'));
    try {
      const rules = await readFile(RULES, 'utf8');
      expect(rules).toContain('0.5 * max by (topic)');
      await writeFile(join(dir, 'alerts.yml'), rules.replace('0.5 * max by (topic)', '0.9 * max by (topic)'));
      await copyFile(RULE_TESTS, join(dir, 'alerts.test.yml'));
      const { ok, output } = await promtool('test', 'rules', join(dir, 'alerts.test.yml'));
      expect(ok).toBe(false);
      expect(output).toContain('SurgeOrdersNearRetention');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
