import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mysqlPool, testStack } from '@surge/testing';
import { parseOptions, type LoadgenOptions } from './cli/options';
import { runFlashSale } from './flash-sale';
import type { RunReport } from './report/run-report';
import { startSurgeApps, type SurgeApps } from './test-support/surge-processes';

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);
const pool = mysqlPool();
let apps: SurgeApps;
let out: string;

afterAll(() => pool.end());

const runId = () => `spec-${Math.random().toString(16).slice(2, 8)}`;
const args = (id: string) => [
  '--profile',
  'steady',
  '--rate',
  '100',
  '--duration',
  '2',
  '--intake',
  apps.intakeUrl,
  '--fulfillment',
  apps.fulfillmentUrl,
  '--admin-token',
  apps.adminToken,
  '--mysql-url',
  testStack.mysqlUrl,
  '--run-id',
  id,
  '--stock',
  `${id}-HOT=40,${id}-TAIL=100000`,
  '--resubmit-share',
  '0.1',
  '--max-sockets',
  '16',
  '--drain-timeout',
  '60',
  '--out',
  out,
];

describe('npm run flash-sale against a real stack', () => {
  // Real apps as child processes on a fresh topic and group per test. The
  // tables are shared with other specs, so nothing is truncated: the run id
  // scopes customers, keys and SKUs, and the audit reads only those.
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'loadgen-spec-'));
    apps = await startSurgeApps();
  }, 90_000);
  afterEach(async () => {
    await apps?.stop();
    await rm(out, { recursive: true, force: true });
  }, 60_000);

  it('a small run drains and passes the audit (exit 0), with a JSON and an HTML report', async () => {
    const id = runId();
    const result = await run(process.execPath, ['scripts/start-app.js', 'loadgen', ...args(id)], {
      cwd: ROOT,
      timeout: 90_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    // The whole output on failure: it holds the audit lines that say why.
    expect({ code: result.code, output: `${result.stdout}${result.stderr}` }).toEqual({
      code: 0,
      output: expect.stringContaining('PASS: every accepted order stored once') as string,
    });
    const report = JSON.parse(await readFile(join(out, `flash-sale-${id}.json`), 'utf8')) as RunReport;
    expect(report.verdict).toBe('PASS');
    expect(report.load.scheduled).toBe(200);
    expect(report.audit?.counts.accepted).toBe(200);
    expect(report.audit?.counts.keysSentMoreThanOnce).toBeGreaterThan(0);
    const hot = report.audit?.skus.find((s) => s.sku === `${id}-HOT`);
    expect(hot?.sold).toBeLessThanOrEqual(40);
    expect(report.options.adminToken).toBe('(set)');
    expect(await readFile(join(out, `flash-sale-${id}.html`), 'utf8')).toContain('<svg');

    const [rows] = await pool.query('SELECT COUNT(*) AS n FROM orders WHERE customer_id LIKE ?', [`${id}-c%`]);
    expect(Number((rows as Array<{ n: number }>)[0].n)).toBe(200);
  }, 120_000);

  it('fails the audit when an accepted order disappears from MySQL behind its back', async () => {
    const id = runId();
    const options = parseOptions(args(id), {}) as LoadgenOptions;
    const lines: string[] = [];
    let deleted = '';
    const { report } = await runFlashSale(options, {
      log: (line) => lines.push(line),
      progressOut: { write: () => true },
      beforeAudit: async (acceptedIds) => {
        deleted = acceptedIds[0];
        await pool.query('DELETE FROM order_items WHERE order_id = ?', [deleted]);
        await pool.query('DELETE FROM orders WHERE id = ?', [deleted]);
      },
    });
    expect(report.verdict).toBe('FAIL');
    const missing = report.audit?.checks.find((c) => c.name === 'every 202 is stored exactly once');
    expect(missing?.pass).toBe(false);
    expect(missing?.actual).toMatch(/, 1 missing$/);
    expect(missing?.examples).toEqual([deleted]);
    expect(lines.join('\n')).toMatch(/FAIL every 202 is stored exactly once: .* 1 missing/);
    expect(lines[lines.length - 2]).toBe('FAIL: see the checks above');
  }, 120_000);
});

describe('npm run flash-sale before sending anything', () => {
  it.each([
    [['--profile', 'flat'], /unknown profile "flat"/],
    [
      ['--intake', 'http://127.0.0.1:9', '--admin-token', 'some-token-0123456789'],
      /cannot reach order-intake at http:\/\/127.0.0.1:9/,
    ],
    [['--intake', 'http://127.0.0.1:9'], /no admin token/],
  ])('%j exits 2 with a clear message', async (extra, message) => {
    const failure = await run(process.execPath, ['scripts/start-app.js', 'loadgen', ...extra], {
      cwd: ROOT,
      env: { ...process.env, ADMIN_TOKEN: '' },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(message);
  });
});
