/**
 * npm run bench:intake — intake (A) against the naive ClientKafka.emit()
 * baseline (B), side by side on the local broker, open-model load.
 * See README "Performance" and ../shared/docs/benchmarks.md.
 *
 *   --profile   run A alone at PROFILE_RATE for 10 s under --cpu-prof and print what dominates
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { envReader, loadStackConfig } from '@surge/config';
import { createKafka, ensureTopic } from '@surge/kafka';
import { countMessages, deleteTopics, readTopic } from '@surge/kafka-testing';
import { AppProcess, freePort, launchApp, metricValue, REPO_ROOT, waitFor } from '@surge/testing';
import { OpenLoad, type StepResult } from './open-load';
import { summarizeProfile } from './profile-summary';

const stack = loadStackConfig(envReader(process.env));
const BROKERS = stack.kafkaBrokers.join(',');
const MYSQL_URL = stack.mysqlUrl;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 256);
const LADDER = [200, 300, 500, 750, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 10_000, 12_000, 16_000, 20_000];
const P99_LIMIT_MS = 100;
const PARTITIONS = 12;

const kafka = createKafka({ brokers: stack.kafkaBrokers, clientId: 'bench-intake' });

type Name = 'A' | 'B';
interface Contender {
  name: Name;
  topic: string;
  url: string;
  app: AppProcess;
  load: OpenLoad;
  acked: string[];
  active: boolean;
  produceRequests: () => Promise<number>;
}

interface RoundResult {
  steps: Record<Name, StepResult[]>;
  maxSustained: Record<Name, number>;
  produceRequestsPerOrder: Record<Name, number>;
  peakRssMb: Record<Name, number>;
  /** Server CPU per acknowledged order over the ladder: a figure the machine's noise moves less than rates. */
  cpuUsPerOrder: Record<Name, number>;
  audit: Record<
    Name,
    { acked: number; onTopic: number; missing: number; extra: number; duplicates: number; exact: boolean }
  >;
}

/** A contender's server; its output is printed only if it dies by itself. */
function launch(app: AppProcess, readyPath: string): Promise<AppProcess> {
  app.onUnexpectedExit = (why) => console.error(why);
  return launchApp(app, readyPath);
}

/** CPU time (user + system) the process used so far, in ms (Linux clock ticks are 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Highest resident set size the process ever had (kernel's VmHWM), in MiB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function startContender(name: Name, nodeFlags: string[] = []): Promise<Contender> {
  const topic = `bench-${name}-${randomUUID().slice(0, 8)}`;
  const port = await freePort();
  const env = { KAFKA_BROKERS: BROKERS, MYSQL_URL, ORDERS_TOPIC: topic };
  let app: AppProcess;
  let produceRequests: () => Promise<number>;
  if (name === 'A') {
    const intakeEnv = { ...env, ORDERS_DLQ_TOPIC: `${topic}.dlq`, TOPIC_PARTITIONS: String(PARTITIONS) };
    app = await launch(AppProcess.surgeApp('order-intake', port, intakeEnv, { nodeFlags }), '/health/ready');
    produceRequests = () => metricValue(app.url, 'surge_intake_produce_requests_total');
  } else {
    // A just-created topic can be briefly unknown to the metadata call that follows.
    await waitFor('baseline topic', async () => {
      await ensureTopic(kafka, { topic, partitions: PARTITIONS, replicationFactor: 1, configs: {} });
      return true;
    });
    const script = 'bench/intake/baseline/main.ts';
    app = await launch(
      new AppProcess({ label: 'baseline', script, port, nodeFlags, env: { ...env, PORT: String(port) } }),
      '/stats',
    );
    produceRequests = async () =>
      ((await (await fetch(`${app.url}/stats`)).json()) as { produceRequests: number }).produceRequests;
  }
  const url = app.url;
  const acked: string[] = [];
  const load = new OpenLoad(url, CONNECTIONS, (body) => acked.push((JSON.parse(body) as { orderId: string }).orderId));
  return { name, topic, url, app, load, acked, active: true, produceRequests };
}

async function stopContender(c: Contender): Promise<void> {
  await c.load.close();
  await c.app.stop();
}

function sustained(step: StepResult): boolean {
  const refused = Object.values(step.refused).reduce((a, b) => a + b, 0);
  return refused === 0 && step.unanswered === 0 && step.p99Ms < P99_LIMIT_MS;
}

/** The topic must hold exactly the orders answered 202: none missing, none extra, none twice. */
async function audit(c: Contender): Promise<RoundResult['audit'][Name]> {
  const onTopicCount = await countMessages(kafka, c.topic);
  const ids = (await readTopic(kafka, c.topic, 120_000)).map(
    (m) => (JSON.parse(m.value?.toString() ?? '{}') as { orderId: string }).orderId,
  );
  const onTopic = new Set(ids);
  const acked = new Set(c.acked);
  const missing = [...acked].filter((id) => !onTopic.has(id)).length;
  const extra = [...onTopic].filter((id) => !acked.has(id)).length;
  const duplicates = ids.length - onTopic.size;
  return {
    acked: c.acked.length,
    onTopic: onTopicCount,
    missing,
    extra,
    duplicates,
    exact: missing === 0 && extra === 0 && duplicates === 0 && onTopicCount === c.acked.length,
  };
}

async function round(index: number): Promise<RoundResult> {
  // Alternate which contender goes first in each round and at each rung.
  const order: Name[] = index % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
  const contenders = {} as Record<Name, Contender>;
  for (const name of order) contenders[name] = await startContender(name);
  const steps: Record<Name, StepResult[]> = { A: [], B: [] };
  const maxSustained: Record<Name, number> = { A: 0, B: 0 };
  try {
    for (const name of order) await contenders[name].load.run(200, 3000); // warm-up: JIT, sockets, metadata
    const cpuBefore = { A: cpuMs(contenders.A.app.pid), B: cpuMs(contenders.B.app.pid) };
    const ackedBefore = { A: contenders.A.acked.length, B: contenders.B.acked.length };
    for (const rate of LADDER) {
      for (const name of order) {
        const c = contenders[name];
        if (!c.active) continue;
        const step = await c.load.run(rate, STEP_MS);
        steps[name].push(step);
        const ok = sustained(step);
        if (ok) maxSustained[name] = rate;
        else c.active = false;
        log(
          `round ${index + 1} ${name} ${String(rate).padStart(6)}/s  p50 ${fmt(step.p50Ms)}  p99 ${fmt(step.p99Ms)}  ` +
            `accepted ${step.accepted}/${step.sent}${Object.keys(step.refused).length ? ` refused ${JSON.stringify(step.refused)}` : ''}` +
            `${step.unanswered ? ` unanswered ${step.unanswered}` : ''}  ${ok ? 'ok' : 'FAIL'}`,
        );
        await new Promise((r) => setTimeout(r, 500));
      }
      if (!contenders.A.active && !contenders.B.active) break;
    }
    const result = { steps, maxSustained } as RoundResult;
    result.produceRequestsPerOrder = { A: 0, B: 0 };
    result.peakRssMb = { A: 0, B: 0 };
    result.cpuUsPerOrder = { A: 0, B: 0 };
    result.audit = {} as RoundResult['audit'];
    for (const name of order) {
      const c = contenders[name];
      const stuck = await c.load.settle(60_000);
      if (stuck) log(`${name}: ${stuck} requests still unanswered; they count as not acknowledged`);
      result.produceRequestsPerOrder[name] = round4((await c.produceRequests()) / Math.max(1, c.acked.length));
      result.peakRssMb[name] = c.app.pid === undefined ? NaN : peakRssMb(c.app.pid);
      result.cpuUsPerOrder[name] = Math.round(
        ((cpuMs(c.app.pid) - cpuBefore[name]) * 1000) / Math.max(1, c.acked.length - ackedBefore[name]),
      );
    }
    for (const name of order) {
      result.audit[name] = await audit(contenders[name]);
      log(`round ${index + 1} ${name} audit ${JSON.stringify(result.audit[name])}`);
    }
    return result;
  } finally {
    for (const name of order) await stopContender(contenders[name]);
    await deleteTopics(
      kafka,
      order.flatMap((n) => [contenders[n].topic, `${contenders[n].topic}.dlq`]),
    );
  }
}

async function profile(): Promise<void> {
  const rate = Number(process.env.PROFILE_RATE ?? 8000);
  const dir = join(REPO_ROOT, 'reports');
  const a = await startContender('A', ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  try {
    await a.load.run(300, 1000);
    await a.load.run(rate, 3000);
    const step = await a.load.run(rate, 10_000);
    log(
      `profiled A at ${rate}/s: p50 ${fmt(step.p50Ms)} p99 ${fmt(step.p99Ms)} accepted ${step.accepted}/${step.sent}`,
    );
  } finally {
    await stopContender(a);
    await deleteTopics(kafka, [a.topic, `${a.topic}.dlq`]);
  }
  // The last 12 s: the measured 10 s plus the shutdown after it, not the boot or warm-up.
  console.log(summarizeProfile(dir, 12_000));
}

async function main(): Promise<void> {
  if (process.argv.includes('--profile')) return profile();
  const started = Date.now();
  log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), node ${process.version}; broker ${BROKERS}`);
  log(
    `open model, ${STEP_MS} ms per rung, ${CONNECTIONS} sockets max, sustained = every answer 202 and p99 < ${P99_LIMIT_MS} ms`,
  );
  const rounds: RoundResult[] = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await round(i));

  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const both = (pick: (r: RoundResult, n: Name) => number) =>
    ({ A: med(rounds.map((r) => pick(r, 'A'))), B: med(rounds.map((r) => pick(r, 'B'))) }) as Record<Name, number>;
  const maxSustained = both((r, n) => r.maxSustained[n]);
  const commonRate = Math.min(...rounds.flatMap((r) => [r.maxSustained.A, r.maxSustained.B])) || LADDER[0];
  const atCommon = (r: RoundResult, n: Name) => r.steps[n].find((s) => s.rate === commonRate);
  const p50 = both((r, n) => atCommon(r, n)?.p50Ms ?? NaN);
  const p99 = both((r, n) => atCommon(r, n)?.p99Ms ?? NaN);
  const produceRequestsPerOrder = both((r, n) => r.produceRequestsPerOrder[n]);
  const peakRssMb = both((r, n) => r.peakRssMb[n]);
  const cpuUsPerOrder = both((r, n) => r.cpuUsPerOrder[n]);
  const auditsExact = rounds.every((r) => r.audit.A.exact && r.audit.B.exact);
  // No ratio when B sustained not even the lowest rung: A/0 says nothing.
  const ratio = maxSustained.B > 0 ? round4(maxSustained.A / maxSustained.B) : null;

  const row = (label: string, a: string | number, b: string | number) =>
    `${label.padEnd(40)}${String(a).padStart(14)}${String(b).padStart(14)}`;
  console.log('');
  console.log(row('', 'A intake', 'B baseline'));
  console.log(row(`max sustained orders/s (median of ${ROUNDS})`, maxSustained.A, maxSustained.B));
  console.log(row(`p50 ms at ${commonRate}/s`, p50.A, p50.B));
  console.log(row(`p99 ms at ${commonRate}/s`, p99.A, p99.B));
  console.log(row('produce requests per order', produceRequestsPerOrder.A, produceRequestsPerOrder.B));
  console.log(row('peak RSS MiB', peakRssMb.A, peakRssMb.B));
  console.log(row('server CPU µs per order', cpuUsPerOrder.A, cpuUsPerOrder.B));
  const exact = (n: Name) => String(rounds.every((r) => r.audit[n].exact));
  console.log(row('topic audit exact (every round)', exact('A'), exact('B')));
  console.log(`A/B sustained ratio: ${ratio ?? `n/a (B sustained no rung; lowest is ${LADDER[0]}/s)`}`);
  console.log(
    JSON.stringify({
      bench: 'intake',
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model,
        node: process.version,
        memMb: Math.round(totalmem() / 2 ** 20),
      },
      settings: {
        rounds: ROUNDS,
        stepMs: STEP_MS,
        connections: CONNECTIONS,
        p99LimitMs: P99_LIMIT_MS,
        partitions: PARTITIONS,
      },
      maxSustained,
      ratio,
      commonRate,
      p50Ms: p50,
      p99Ms: p99,
      produceRequestsPerOrder,
      peakRssMb,
      cpuUsPerOrder,
      auditsExact,
      rounds: rounds.map((r) => ({
        maxSustained: r.maxSustained,
        produceRequestsPerOrder: r.produceRequestsPerOrder,
        peakRssMb: r.peakRssMb,
        cpuUsPerOrder: r.cpuUsPerOrder,
        audit: r.audit,
        steps: r.steps,
      })),
      seconds: Math.round((Date.now() - started) / 1000),
    }),
  );
  if (!auditsExact) process.exitCode = 1;
}

function log(line: string): void {
  console.log(line);
}
function fmt(ms: number): string {
  return `${ms.toFixed(1)} ms`.padStart(10);
}
function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
