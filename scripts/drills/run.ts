import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DrillEnvironment } from './drill';
import { DRILLS, runDrill } from './drills';
import { DEFAULT_KAFKA_BROKERS, DEFAULT_MYSQL_URL, envReader, loadStackConfig, withDatabase } from '@surge/config';
import { REPO_ROOT } from '@surge/testing';
import type { DrillContext, DrillResult } from './harness';

const DEFAULT_DRILL_MYSQL_URL = withDatabase(DEFAULT_MYSQL_URL, 'surge_drills');

const USAGE = `npm run drill -- <name>... | all | --list

Fault drills against the real stack (start it with npm run stack:up). Each
drill starts its own apps on free ports with its own topic and group, runs a
flash-sale load through loadgen, injects its fault, waits for recovery, and
ends with loadgen's end-to-end audit. One result line per drill; exit 1 when
any drill lost an acknowledged order or failed a check, 2 for a bad name.

Env: KAFKA_BROKERS (${DEFAULT_KAFKA_BROKERS}) for the drills that do not fault Kafka;
     DRILL_MYSQL_URL (${DEFAULT_DRILL_MYSQL_URL}), kept apart
     from the database specs truncate; DRILL_BROKER_PORT (29092, +1 for its
     controller) for broker-restart's own broker; broker-loss uses the
     3-broker cluster (npm run stack:up -- --brokers 3), starting it if needed;
     DRILL_OPENSEARCH_PORT (29200, +1 for its transport) for
     log-store-outage's own OpenSearch node.`;

function line(r: DrillResult): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const recovery =
    r.recoverySeconds === null ? 'recovery -' : `recovery ${r.recoverySeconds.toFixed(1)} s (${r.recoveryMeaning})`;
  return `${r.pass ? 'PASS' : 'FAIL'} ${r.name.padEnd(16)} acknowledged ${n(r.acknowledged)}  stored ${n(r.stored)}  lost ${n(r.lost)}  ${recovery}`;
}

/** Schema, database and the order tables, in the drills' own database. */
function migrate(mysqlUrl: string): void {
  const result = spawnSync(process.execPath, ['-r', './scripts/register.js', 'apps/fulfillment/src/migrate.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, MYSQL_URL: mysqlUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`migrating ${mysqlUrl} failed:\n${result.stdout}${result.stderr}`);
}

async function main(): Promise<number> {
  // The poison drill's producer is a plain kafkajs one; its partitioner notice is noise here.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  const args = process.argv.slice(2);
  if (args.length === 0 || args.includes('-h') || args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return args.length === 0 ? 2 : 0;
  }
  if (args.includes('--list')) {
    for (const d of DRILLS) process.stdout.write(`${d.name.padEnd(17)} ${d.proves}\n`);
    return 0;
  }
  const names = args.includes('all') ? DRILLS.map((d) => d.name) : args;
  const unknown = names.filter((name) => !DRILLS.some((d) => d.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown drill ${unknown.join(', ')}; drills: ${DRILLS.map((d) => d.name).join(', ')}, all\n`);
    return 2;
  }
  const env: DrillEnvironment = {
    brokers: loadStackConfig(envReader(process.env)).kafkaBrokers,
    mysqlUrl: process.env.DRILL_MYSQL_URL ?? DEFAULT_DRILL_MYSQL_URL,
    drillBrokerPort: Number(process.env.DRILL_BROKER_PORT ?? 29092),
    drillOpenSearchPort: Number(process.env.DRILL_OPENSEARCH_PORT ?? 29200),
  };
  migrate(env.mysqlUrl);

  // Ctrl-C or a kill: undo the current drill's faults (MySQL above all) before exiting.
  let current: DrillContext | null = null;
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      process.stderr.write(`\n${signal}: cleaning up the running drill\n`);
      const done = current ? current.teardown() : Promise.resolve();
      done.finally(() => process.exit(130)).catch(() => undefined);
    });
  }

  const results: DrillResult[] = [];
  for (const drill of names.map((name) => DRILLS.find((d) => d.name === name)).filter((d) => d !== undefined)) {
    process.stdout.write(`\n== drill ${drill.name}: ${drill.proves}\n`);
    const result = await runDrill(drill, env, (ctx) => (current = ctx));
    results.push(result);
    for (const note of result.notes) process.stdout.write(`  ${drill.name}: ${note}\n`);
    for (const failure of result.failures) process.stdout.write(`  ${drill.name}: FAIL ${failure}\n`);
    process.stdout.write(`${line(result)}\n`);
  }

  const outDir = join(REPO_ROOT, 'reports', 'drills');
  mkdirSync(outDir, { recursive: true });
  const summary = join(outDir, `drills-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(summary, `${JSON.stringify({ generatedAt: new Date().toISOString(), results }, null, 2)}\n`);
  process.stdout.write(`\n${results.map(line).join('\n')}\nsummary: ${summary}\n`);
  return results.every((r) => r.pass) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`drill: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
