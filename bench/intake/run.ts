/**
 * npm run bench:intake — intake against its ceiling (bare Fastify) and the
 * naive NestJS + Express + ClientKafka.emit() baseline, in one run on the
 * local broker, with Debian's wrk as the load generator in its own process.
 * See docs/performance.md.
 *
 *   --rounds N        rounds, each contender once per round, order reversed every round (default 2)
 *   --seconds S       length of each measured load (default 10)
 *   --connections C   wrk connections, one per wrk thread (default 64)
 *   --rates a,b,c     open-model rates in orders/s (default 1000,2000,5000)
 *   --workers N       INTAKE_WORKERS of the multi-worker contender (default: cores)
 *   --profile         intake on one worker under --cpu-prof at full load, then what dominates in
 *                     each of its threads (with --log-shipping: at info, shipping on)
 *   --overload        instead: intake on one worker offered --overload-factor (10) times its capacity,
 *                     open model, from --overload-connections (512); see overload.ts
 *   --overload-max-in-flight N   intake's PRODUCE_MAX_IN_FLIGHT for that run (default: intake's own)
 *   --overload-max-event-loop-delay MS   intake's INTAKE_MAX_EVENT_LOOP_DELAY_MS for that run (0: no load shedding)
 *   --log-shipping    instead of the usual contenders: intake on one worker at LOG_LEVEL=info with
 *                     LOG_SHIPPING off and on, alternated, and the ratio of their CPU per order
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { metricValue } from '@surge/testing';
import {
  BROKERS,
  contenderCpuMs,
  dropTopic,
  peakRssMb,
  startContender,
  stopContender,
  type ContenderSpec,
} from './contenders';
import { overload } from './overload';
import { profilesSince, summarizeProfile } from '../profile-summary';
import { audit, type Audit } from './topic-audit';
import { runWrk, type LoadResult } from './wrk-load';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    rates: { type: 'string', default: '1000,2000,5000' },
    workers: { type: 'string', default: String(availableParallelism()) },
    profile: { type: 'boolean', default: false },
    overload: { type: 'boolean', default: false },
    'overload-factor': { type: 'string', default: '10' },
    'overload-connections': { type: 'string', default: '512' },
    'overload-max-in-flight': { type: 'string' },
    'overload-max-event-loop-delay': { type: 'string' },
    'log-shipping': { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(args.rounds);
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const RATES = args.rates.split(',').map(Number);
const WORKERS = Number(args.workers);
const WARM_UP_SECONDS = 3;

/** The cost of log shipping: the same intake at info (one line per order), shipping off and on. */
const SHIPPING_CONTENDERS: ContenderSpec[] = [
  { name: 'shipping-off', kind: 'intake', workers: 1, env: { LOG_LEVEL: 'info', LOG_SHIPPING: 'off' } },
  { name: 'shipping-on', kind: 'intake', workers: 1, env: { LOG_LEVEL: 'info', LOG_SHIPPING: 'on' } },
];

const CONTENDERS: ContenderSpec[] = args['log-shipping']
  ? SHIPPING_CONTENDERS
  : [
      { name: 'ceiling', kind: 'ceiling', workers: 1 },
      { name: 'intake-1', kind: 'intake', workers: 1 },
      ...(WORKERS > 1 ? [{ name: `intake-${WORKERS}`, kind: 'intake' as const, workers: WORKERS }] : []),
      { name: 'baseline', kind: 'baseline', workers: 1 },
    ];

interface OpenStep {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  acceptedPerSecond: number;
  refused: Record<string, number>;
  unanswered: number;
  /** Every order answered 202, and the accepted rate within 5% of the target. */
  sustained: boolean;
  /**
   * At a rate both contenders sustain, the steadier comparison of CPU per
   * order: closed-loop load makes the server, the broker and the generator
   * contend for two cores, and its CPU per order varies more between rounds.
   */
  cpuMsPerOrder: number;
}

interface Measured {
  ordersPerSecond: number;
  closedP50Ms: number;
  closedP99Ms: number;
  cpuMsPerOrder: number;
  peakRssMb: number;
  open: OpenStep[];
  audit: Audit | null;
  /** With shipping on: lines handed to Kafka and lines dropped over the whole run (warm-up included). */
  logLines: { shipped: number; dropped: number } | null;
}

const log = (line: string) => console.log(line);

function describe(result: LoadResult): string {
  const refused = Object.keys(result.refused).length ? ` refused ${JSON.stringify(result.refused)}` : '';
  const unanswered = result.unanswered.length ? ` unanswered ${result.unanswered.length}` : '';
  return `${String(result.acceptedPerSecond).padStart(6)} orders/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms${refused}${unanswered}`;
}

async function measure(spec: ContenderSpec, round: number): Promise<Measured> {
  const run = randomUUID().slice(0, 8);
  const c = await startContender(spec, run);
  const loads: LoadResult[] = [];
  const load = async (rate: number, seconds: number) => {
    const result = await runWrk({
      url: c.url,
      connections: CONNECTIONS,
      seconds,
      rate,
      customerPrefix: `r${round}l${loads.length}-`,
    });
    loads.push(result);
    return result;
  };
  try {
    await load(0, WARM_UP_SECONDS); // JIT, sockets, producer metadata
    const cpuBefore = contenderCpuMs(c);
    const closed = await load(0, SECONDS);
    const cpuMsPerOrder = cpuPerOrder(contenderCpuMs(c) - cpuBefore, closed);
    log(
      `  ${spec.name.padEnd(10)} closed, ${CONNECTIONS} connections: ${describe(closed)}  CPU ${cpuMsPerOrder} ms/order`,
    );
    const open: OpenStep[] = [];
    for (const rate of RATES) {
      const stepCpuBefore = contenderCpuMs(c);
      const step = await load(rate, SECONDS);
      const unanswered = step.unanswered.length;
      const sustained =
        Object.keys(step.refused).length === 0 && step.acceptedPerSecond >= rate * 0.95 && unanswered === 0;
      open.push({
        rate,
        p50Ms: step.p50Ms,
        p99Ms: step.p99Ms,
        acceptedPerSecond: step.acceptedPerSecond,
        refused: step.refused,
        unanswered,
        sustained,
        cpuMsPerOrder: cpuPerOrder(contenderCpuMs(c) - stepCpuBefore, step),
      });
      log(
        `  ${spec.name.padEnd(10)} open ${String(rate).padStart(6)}/s: ${describe(step)}  CPU ${open[open.length - 1].cpuMsPerOrder} ms/order${sustained ? '' : '  NOT SUSTAINED'}`,
      );
    }
    const rss = peakRssMb(c);
    const logLines = spec.env?.LOG_SHIPPING === 'on' ? await shippedLines(c.url) : null;
    if (logLines) log(`  ${spec.name.padEnd(10)} log lines ${JSON.stringify(logLines)}`);
    await stopContender(c);
    const checked = c.topic ? await audit(c, loads) : null;
    if (checked) log(`  ${spec.name.padEnd(10)} audit ${JSON.stringify(checked)}`);
    return {
      ordersPerSecond: closed.acceptedPerSecond,
      closedP50Ms: closed.p50Ms,
      closedP99Ms: closed.p99Ms,
      cpuMsPerOrder,
      peakRssMb: rss,
      open,
      audit: checked,
      logLines,
    };
  } finally {
    await stopContender(c);
    await dropTopic(c);
  }
}

interface Summary {
  cpuMsPerOrder: number;
  open: { rate: number; sustained: boolean; cpuMsPerOrder: number }[];
}

/** Shipping on over off: CPU per order closed, and at each open rate both contenders sustained. */
function shippingRatios(contenders: Record<string, Summary>) {
  const on = contenders['shipping-on'];
  const off = contenders['shipping-off'];
  const open: Record<string, number | null> = {};
  on.open.forEach((step, i) => {
    if (step.sustained && off.open[i].sustained) open[step.rate] = ratio(step.cpuMsPerOrder, off.open[i].cpuMsPerOrder);
  });
  return { closed: ratio(on.cpuMsPerOrder, off.cpuMsPerOrder), open };
}

function cpuPerOrder(cpuMs: number, load: LoadResult): number {
  const answered = load.accepted.size + Object.values(load.refused).reduce((a, b) => a + b, 0);
  return Math.round((cpuMs / Math.max(1, answered)) * 1000) / 1000;
}

async function shippedLines(url: string): Promise<{ shipped: number; dropped: number }> {
  return {
    shipped: await metricValue(url, 'surge_intake_log_lines_shipped_total'),
    dropped: await metricValue(url, 'surge_intake_log_lines_dropped_total'),
  };
}

/** With --log-shipping, intake with shipping on: its main thread and its shipping thread, each profiled. */
async function profile(): Promise<void> {
  const dir = join(__dirname, '../../reports');
  const spec: ContenderSpec = args['log-shipping']
    ? { ...SHIPPING_CONTENDERS[1], name: 'intake-1' }
    : { name: 'intake-1', kind: 'intake', workers: 1 };
  const since = Date.now();
  const c = await startContender(spec, randomUUID().slice(0, 8), ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  try {
    await runWrk({ url: c.url, connections: CONNECTIONS, seconds: WARM_UP_SECONDS, rate: 0, customerPrefix: 'w' });
    const result = await runWrk({
      url: c.url,
      connections: CONNECTIONS,
      seconds: SECONDS,
      rate: 0,
      customerPrefix: 'p',
    });
    log(`profiled intake-1, closed, ${CONNECTIONS} connections: ${describe(result)}`);
    // Per-batch costs (kafkajs's request encoding, the acknowledgement) weigh by how many orders share a batch.
    const batches = await metricValue(c.url, 'surge_intake_produce_batch_orders_count');
    const batched = await metricValue(c.url, 'surge_intake_produce_batch_orders_sum');
    log(`produce batches: ${batches}, ${Math.round(batched / Math.max(1, batches))} orders each on average`);
  } finally {
    await stopContender(c);
    await dropTopic(c);
  }
  // The measured load and the shutdown after it, not the boot or the warm-up.
  for (const file of profilesSince(dir, since)) console.log(summarizeProfile(file, (SECONDS + 2) * 1000));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);

const machine = () => ({
  cores: cpus().length,
  cpu: cpus()[0]?.model,
  node: process.version,
  memMb: Math.round(totalmem() / 2 ** 20),
});

const optionalNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));

async function runOverload(): Promise<void> {
  const started = Date.now();
  const settings = {
    factor: Number(args['overload-factor']),
    connections: Number(args['overload-connections']),
    capacityConnections: CONNECTIONS,
    seconds: SECONDS,
    warmUpSeconds: WARM_UP_SECONDS,
    maxInFlight: optionalNumber(args['overload-max-in-flight']),
    maxEventLoopDelayMs: optionalNumber(args['overload-max-event-loop-delay']),
  };
  log(`bench:intake --overload on ${cpus().length} cores, Node ${process.version}; broker ${BROKERS}`);
  const result = await overload(settings, log);
  log(
    `overload: ${result.sent} orders sent at ${result.offeredPerSecond}/s offered; answers ${JSON.stringify(result.answers)}` +
      ` (${(result.share503 * 100).toFixed(1)}% 503), ${result.unanswered} unanswered; p50 ${result.p50Ms} ms p99 ${result.p99Ms} ms`,
  );
  for (const [label, l] of [
    ['202', result.accepted],
    ['503', result.shed],
  ] as const) {
    if (l) {
      log(
        `  ${label}: ${l.answers} answers; p50 ${l.p50Ms} ms p99 ${l.p99Ms} ms from due, p50 ${l.sendP50Ms} ms p99 ${l.sendP99Ms} ms from send`,
      );
    }
  }
  log(
    `RSS ${result.rssBeforeMb} MiB before, ${result.rssPeakDuringMb} MiB at most during (high-water mark ${result.rssHighWaterMb} MiB);` +
      ` ${result.survived ? 'still running and ready' : `NOT ready after (GET /health/ready: ${result.healthAfter ?? 'no process'})`}`,
  );
  log(`audit ${JSON.stringify(result.audit)}`);
  console.log(
    JSON.stringify({
      bench: 'intake-overload',
      machine: machine(),
      settings,
      ...result,
      seconds: Math.round((Date.now() - started) / 1000),
    }),
  );
  if (!result.ok) process.exitCode = 1;
}

async function main(): Promise<void> {
  if (args.profile) return profile();
  if (args.overload) return runOverload();
  const started = Date.now();
  log(`bench:intake on ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}; broker ${BROKERS}`);
  log(
    `wrk, ${CONNECTIONS} connections; ${SECONDS} s per load; open-model rates ${RATES.join(', ')}/s; ${ROUNDS} rounds`,
  );
  const results = new Map<string, Measured[]>(CONTENDERS.map((s) => [s.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    log(`round ${round + 1}`);
    const order = round % 2 === 0 ? CONTENDERS : [...CONTENDERS].reverse();
    for (const spec of order) results.get(spec.name)?.push(await measure(spec, round));
  }

  const ceiling = results.get('ceiling') ?? [];
  const ceilingRate = median(ceiling.map((m) => m.ordersPerSecond));
  const ceilingCpu = median(ceiling.map((m) => m.cpuMsPerOrder));
  const baselineRate = median((results.get('baseline') ?? []).map((m) => m.ordersPerSecond));
  const contenders = Object.fromEntries(
    CONTENDERS.map(({ name }) => {
      const runs = results.get(name) ?? [];
      const rate = median(runs.map((m) => m.ordersPerSecond));
      const cpu = median(runs.map((m) => m.cpuMsPerOrder));
      return [
        name,
        {
          ordersPerSecond: rate,
          closedP99Ms: median(runs.map((m) => m.closedP99Ms)),
          cpuMsPerOrder: cpu,
          peakRssMb: Math.max(...runs.map((m) => m.peakRssMb)),
          ratioToCeiling: { throughput: ratio(rate, ceilingRate), cpuPerOrder: ratio(cpu, ceilingCpu) },
          ratioToBaseline: ratio(rate, baselineRate),
          open: RATES.map((rate, i) => ({
            rate,
            p50Ms: median(runs.map((m) => m.open[i].p50Ms)),
            p99Ms: median(runs.map((m) => m.open[i].p99Ms)),
            sustained: runs.every((m) => m.open[i].sustained),
            cpuMsPerOrder: median(runs.map((m) => m.open[i].cpuMsPerOrder)),
          })),
          auditExact: runs.every((m) => m.audit === null || m.audit.exact),
          rounds: runs,
        },
      ];
    }),
  );

  const cols = CONTENDERS.map((s) => s.name);
  const row = (label: string, pick: (c: (typeof contenders)[string]) => unknown) =>
    log(label.padEnd(34) + cols.map((n) => String(pick(contenders[n]) ?? '-').padStart(14)).join(''));
  log('');
  row(`median of ${ROUNDS} rounds`, () => '');
  log(''.padEnd(34) + cols.map((n) => n.padStart(14)).join(''));
  row(`orders/s, closed, ${CONNECTIONS} conn.`, (c) => c.ordersPerSecond);
  row('× ceiling (throughput)', (c) => c.ratioToCeiling.throughput);
  row('server CPU ms per order', (c) => c.cpuMsPerOrder);
  row('× ceiling (CPU per order)', (c) => c.ratioToCeiling.cpuPerOrder);
  row('× baseline (throughput)', (c) => c.ratioToBaseline);
  row('peak RSS MiB (all processes)', (c) => c.peakRssMb);
  RATES.forEach((rate, i) => {
    row(`p50 / p99 ms at ${rate}/s (open)`, (c) => {
      const step = c.open[i];
      return `${step.p50Ms}/${step.p99Ms}${step.sustained ? '' : '!'}`;
    });
  });
  RATES.forEach((rate, i) => row(`CPU ms per order at ${rate}/s (open)`, (c) => c.open[i].cpuMsPerOrder));
  row('topic audit exact', (c) => (c.rounds.some((m) => m.audit) ? c.auditExact : 'n/a'));
  log('(! = not sustained: a refusal, an unanswered order, or under 95% of the rate accepted)');
  const auditsExact = Object.values(contenders).every((c) => c.auditExact);
  // The target: shipping costs at most 10% more CPU per order at info; at full
  // load and at each open rate both sustain (the steadier figure).
  const shippingCpuRatio = args['log-shipping'] ? shippingRatios(contenders) : undefined;
  if (shippingCpuRatio) {
    const atRates = Object.entries(shippingCpuRatio.open).map(([rate, r]) => `${r} at ${rate}/s`);
    log(
      `CPU per order, shipping on / off: ${shippingCpuRatio.closed} closed; ${atRates.join(', ') || 'no open rate both sustained'} (target <= 1.10)`,
    );
  }
  console.log(
    JSON.stringify({
      bench: 'intake',
      machine: machine(),
      settings: { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, rates: RATES, workers: WORKERS },
      contenders,
      ...(shippingCpuRatio === undefined ? {} : { shippingCpuRatio }),
      auditsExact,
      seconds: Math.round((Date.now() - started) / 1000),
    }),
  );
  if (!auditsExact) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
