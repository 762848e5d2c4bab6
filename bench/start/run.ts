/**
 * npm run bench:start — how fast each app is ready after a start, from the
 * sources (SWC on load) and from the production build (dist/, what the image
 * runs), and how a freshly started intake meets a flash sale's first spike
 * against the same spike once it is warm (load from Debian's wrk, as
 * bench:intake). See docs/performance.md and
 * ../shared/docs/benchmarks.md. Needs the stack up and the apps built
 * (npx nx run-many -t build).
 *
 *   BENCH_ROUNDS   rounds, each measuring every app and run mode once (default 3)
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { orderTopicSpecs } from '@surge/contracts';
import { createKafka, provisionTopics } from '@surge/kafka';
import { countMessages, deleteTopics, readTopic } from '@surge/kafka-testing';
import { AppProcess, freePort, waitFor, type SurgeApp } from '@surge/testing';
import { runWrk, type LoadResult } from '../intake/wrk-load';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/surge';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PARTITIONS = 12;
/** The spike a flash sale opens with: its baseline, then the peak. */
const SPIKE = { baselineRate: 50, baselineSeconds: 1, peakRate: 800, peakSeconds: 4 };
/** wrk connections (one per wrk thread), enough for the peak's open-model rate. */
const CONNECTIONS = 32;
const TARGET_BUILT_INTAKE_READY_MS = 1500;
const TARGET_FIRST_SPIKE_RATIO = 2;

type RunMode = 'source' | 'dist';
const RUN_MODES: RunMode[] = ['source', 'dist'];
/** The order path's apps, whose start the first spike waits for. */
type OrderPathApp = Exclude<SurgeApp, 'notifier' | 'log-sink'>;
const APPS: OrderPathApp[] = ['order-intake', 'fulfillment'];

const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench-start' });
const topic = `bench-start-${randomUUID().slice(0, 8)}`;
const env = {
  KAFKA_BROKERS: BROKERS,
  MYSQL_URL,
  ORDERS_TOPIC: topic,
  ORDERS_DLQ_TOPIC: `${topic}.dlq`,
  // The stored orders' outcomes too: the stack's own topic would hand them to its notifier.
  OUTCOMES_TOPIC: `${topic}.outcomes`,
  TOPIC_PARTITIONS: String(PARTITIONS),
  FULFILLMENT_GROUP: `${topic}-group`,
  ADMIN_TOKEN: randomUUID(),
  LOG_LEVEL: 'warn',
};
const acked: string[] = [];
/** Orders sent whose answer never came: they may or may not be on the topic. */
let indeterminate = 0;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
};
const ms = (value: number) => Math.round(value);

/** Spawns the app and polls /health/ready every 10 ms; returns the app and the time from spawn to ready. */
async function startTimed(app: SurgeApp, mode: RunMode): Promise<{ proc: AppProcess; readyMs: number }> {
  const proc = AppProcess.surgeApp(app, await freePort(), { ...env, SURGE_RUN: mode });
  proc.onUnexpectedExit = (why) => log(why);
  const started = performance.now();
  proc.start();
  const outcome = await waitFor(
    `${app} (${mode}) ready`,
    async () => {
      if (!proc.running) return 'exited';
      return (await fetch(`${proc.url}/health/ready`, { signal: AbortSignal.timeout(2000) })).ok && 'ready';
    },
    { timeoutMs: 60_000, intervalMs: 10 },
  );
  const readyMs = performance.now() - started;
  if (outcome === 'exited') throw new Error(`${app} (${mode}) exited before it was ready:\n${proc.logs()}`);
  return { proc, readyMs };
}

let spikeCount = 0;

/** The spike through wrk (open model, its own process), each step on new connections. */
async function spike(url: string): Promise<{ steps: LoadResult[]; p99Ms: number }> {
  const prefix = `s${spikeCount++}`;
  const steps = [
    await runWrk({
      url,
      connections: CONNECTIONS,
      seconds: SPIKE.baselineSeconds,
      rate: SPIKE.baselineRate,
      customerPrefix: `${prefix}b-`,
    }),
    await runWrk({
      url,
      connections: CONNECTIONS,
      seconds: SPIKE.peakSeconds,
      rate: SPIKE.peakRate,
      customerPrefix: `${prefix}p-`,
    }),
  ];
  for (const step of steps) {
    acked.push(...step.accepted.values());
    indeterminate += step.unanswered.length + step.inFlightAtEnd.length;
    const refused = Object.values(step.refused).reduce((a, b) => a + b, 0);
    if (refused + step.unanswered.length > 0) {
      log(`spike: ${refused} refused ${JSON.stringify(step.refused)}, ${step.unanswered.length} unanswered`);
    }
  }
  // The higher of the two steps: the very first requests fall in the baseline step.
  return { steps, p99Ms: Math.max(...steps.map((s) => s.p99Ms)) };
}

/**
 * Every order answered 202 is on the topic exactly once; beyond those, the
 * topic may hold only orders whose answer never came (wrk stopped, or a timeout).
 */
async function audit(): Promise<{ acked: number; onTopic: number; indeterminate: number; exact: boolean }> {
  const onTopic = await countMessages(kafka, topic);
  const ids = (await readTopic(kafka, topic, 120_000)).map(
    (m) => (JSON.parse(m.value?.toString() ?? '{}') as { orderId: string }).orderId,
  );
  const unique = new Set(ids);
  const extra = ids.length - acked.length;
  const exact =
    unique.size === ids.length && acked.every((id) => unique.has(id)) && extra >= 0 && extra <= indeterminate;
  return { acked: acked.length, onTopic, indeterminate, exact };
}

async function main(): Promise<void> {
  await provisionTopics(
    kafka,
    orderTopicSpecs({
      ordersTopic: topic,
      deadLetterTopic: `${topic}.dlq`,
      topicPartitions: PARTITIONS,
      topicReplicationFactor: 1,
    }),
  );
  const readyMs: Record<OrderPathApp, Record<RunMode, number[]>> = {
    'order-intake': { source: [], dist: [] },
    fulfillment: { source: [], dist: [] },
  };
  const spikes: Record<RunMode, { firstP99Ms: number[]; warmP99Ms: number[] }> = {
    source: { firstP99Ms: [], warmP99Ms: [] },
    dist: { firstP99Ms: [], warmP99Ms: [] },
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // A B A B: the mode that goes first alternates between rounds.
      const modes = round % 2 === 0 ? RUN_MODES : [...RUN_MODES].reverse();
      for (const app of APPS) {
        for (const mode of modes) {
          const { proc, readyMs: took } = await startTimed(app, mode);
          await proc.stop();
          readyMs[app][mode].push(ms(took));
          log(`round ${round + 1} ${app.padEnd(12)} ${mode.padEnd(6)} ready in ${ms(took)} ms`);
        }
      }
      for (const mode of modes) {
        const { proc } = await startTimed('order-intake', mode);
        try {
          const first = await spike(proc.url);
          const warm = await spike(proc.url);
          spikes[mode].firstP99Ms.push(ms(first.p99Ms));
          spikes[mode].warmP99Ms.push(ms(warm.p99Ms));
          log(
            `round ${round + 1} intake ${mode.padEnd(6)} spike ${SPIKE.baselineRate}→${SPIKE.peakRate}/s: ` +
              `first p99 ${ms(first.p99Ms)} ms, warm p99 ${ms(warm.p99Ms)} ms`,
          );
        } finally {
          await proc.stop();
        }
      }
    }
    const result = await audit();
    const summary = {
      bench: 'start',
      machine: { cores: cpus().length, node: process.version },
      rounds: ROUNDS,
      spike: SPIKE,
      readyMs: Object.fromEntries(
        APPS.map((app) => [app, Object.fromEntries(RUN_MODES.map((m) => [m, ms(median(readyMs[app][m]))]))]),
      ),
      readyMsAll: readyMs,
      firstSpike: Object.fromEntries(
        RUN_MODES.map((m) => {
          const first = median(spikes[m].firstP99Ms);
          const warm = median(spikes[m].warmP99Ms);
          return [m, { firstP99Ms: ms(first), warmP99Ms: ms(warm), ratio: Number((first / warm).toFixed(2)) }];
        }),
      ),
      audit: result,
    };
    const builtIntake = median(readyMs['order-intake'].dist);
    const spikeRatio = median(spikes.dist.firstP99Ms) / median(spikes.dist.warmP99Ms);
    log(
      `built intake ready in ${ms(builtIntake)} ms (target < ${TARGET_BUILT_INTAKE_READY_MS}); ` +
        `first spike p99 ${spikeRatio.toFixed(2)}× warm (target ≤ ${TARGET_FIRST_SPIKE_RATIO}); audit ${result.exact ? 'exact' : 'FAILED'}`,
    );
    console.log(
      JSON.stringify({
        ...summary,
        targets: {
          builtIntakeReady: builtIntake < TARGET_BUILT_INTAKE_READY_MS,
          firstSpikeWithin2x: spikeRatio <= TARGET_FIRST_SPIKE_RATIO,
        },
      }),
    );
    if (!result.exact) process.exitCode = 1;
  } finally {
    await deleteTopics(kafka, [topic, `${topic}.dlq`, `${topic}.outcomes`]);
  }
}

main().catch((error: Error) => {
  console.error(`bench:start failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
