import { consumerLag, type PartitionLag } from '@surge/kafka';
import { countLogLines, countMessages, deleteTopics } from '@surge/kafka-testing';
import { LogStore } from '@surge/log-store';
import { metricValue, waitFor, type AppProcess } from '@surge/testing';
import { orderTrace } from '../../apps/log-sink/src/cli/order-trace';
import { atLoadSecond, onShared, type Drill } from './drill';
import { seconds, type DrillContext } from './harness';
import { DrillLogStore } from './infra';

/** How long OpenSearch stays stopped (issue 14's figure). */
const OUTAGE_MS = 30_000;
/** Searches the trace check runs at once: enough to trace a run's orders in seconds, few enough for two cores. */
const TRACE_CONCURRENCY = 8;
/** Each app's metric prefix (its app.module.ts), for the shipping worker's dropped-lines counter. */
const METRIC_PREFIXES = {
  'order-intake': 'surge_intake',
  fulfillment: 'surge_fulfillment',
  'log-sink': 'surge_log_sink',
};

const ACCEPTED = / order-intake {2}accepted$/;
const PRODUCED = / order-intake {2}produced to \S+\[\d+\] at offset \d+$/;

/**
 * Why the order's trace is incomplete, or null when it shows its accepted,
 * produced and stored steps under one trace id per request: an order a
 * shopper resubmitted (same Idempotency-Key, no traceparent) is produced once
 * per request, each under its own trace, and stored once; any other order
 * that shows a second trace id lost its trace on the way.
 */
function untraced(lines: string[], state: string): string | null {
  if (state !== 'stored') return `trace says ${state}: ${lines.at(-1)}`;
  const traceIds = /^order \S+, trace ([0-9a-f]{32}(?:, [0-9a-f]{32})*)$/.exec(lines[0])?.[1].split(', ') ?? [];
  const produced = lines.filter((line) => PRODUCED.test(line)).length;
  if (!lines.some((line) => ACCEPTED.test(line))) return 'no accepted step';
  if (produced === 0) return 'no produced step with its partition and offset';
  if (traceIds.length === 0 || traceIds.length > produced) {
    return `${traceIds.length} trace ids for ${produced} produced steps: ${lines[0]}`;
  }
  return null;
}

/**
 * Runs `npm run trace`'s function for each order, TRACE_CONCURRENCY at a time:
 * the orders it cannot trace yet, each with why, and how many show more than
 * one trace id.
 */
async function traceOrders(
  store: LogStore,
  orderIds: string[],
): Promise<{ problems: Map<string, string>; severalTraces: number }> {
  const problems = new Map<string, string>();
  let severalTraces = 0;
  const queue = [...orderIds];
  const worker = async () => {
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      const trace = orderTrace(id, await store.orderJourney(id), new Date());
      const why = untraced(trace.lines, trace.state);
      if (why) problems.set(id, why);
      if (trace.lines[0].includes(', ', `order ${id}, trace`.length)) severalTraces++;
    }
  };
  await Promise.all(Array.from({ length: TRACE_CONCURRENCY }, worker));
  return { problems, severalTraces };
}

async function runOrderIds(ctx: DrillContext): Promise<string[]> {
  const [rows] = await ctx.db().query('SELECT id FROM orders WHERE customer_id LIKE ?', [`${ctx.runId}-c%`]);
  return (rows as Array<{ id: string }>).map((row) => row.id);
}

const committed = (lag: PartitionLag[]) => lag.map((p) => p.committedOffset ?? '-').join(',');
const backlog = (lag: PartitionLag[]) => lag.reduce((sum, p) => sum + p.lag, 0);

export const logStoreOutage: Drill = {
  name: 'log-store-outage',
  proves:
    'OpenSearch stopped for 30 s under load: orders unaffected, the log-sink holds its offsets and stores every line once it is back, every order of the run can be traced',
  settings: onShared,
  async prepare(ctx, env) {
    const node = new DrillLogStore(env.drillOpenSearchPort);
    ctx.defer(`stopping the drill OpenSearch on ${node.port} and removing its data`, () =>
      node.reset().then(() => undefined),
    );
    const startedAt = performance.now();
    await node.up();
    ctx.log(`drill OpenSearch ready on ${node.url} (${seconds(performance.now() - startedAt)} s)`);
  },
  async run(ctx, env) {
    const node = new DrillLogStore(env.drillOpenSearchPort);
    const logsTopic = `${ctx.topic}.logs`;
    const sinkGroup = `${ctx.group}-log-sink`;
    // Step lines are info lines: every app ships at info to the run's own logs topic.
    const shipping = { LOG_SHIPPING: 'on', LOGS_TOPIC: logsTopic, LOG_LEVEL: 'info' };
    const reader = new LogStore({ url: node.url, indexPrefix: ctx.runId });
    ctx.defer('closing the log store reader', () => reader.close());
    ctx.defer(`deleting topics ${logsTopic}(, .dlq)`, async () => {
      if (ctx.failures.length === 0) await deleteTopics(ctx.kafka, [logsTopic, `${logsTopic}.dlq`]);
    });

    const fulfillment = await ctx.startApp('fulfillment', 'fulfillment', shipping);
    const sink = await ctx.startApp('log-sink', 'log-sink', {
      ...shipping,
      LOG_SINK_GROUP: sinkGroup,
      LOGS_DLQ_TOPIC: `${logsTopic}.dlq`,
      LOG_INDEX_PREFIX: ctx.runId,
      OPENSEARCH_URL: node.url,
    });
    const intake = await ctx.startApp('order-intake', 'order-intake', shipping);
    const apps: Array<[keyof typeof METRIC_PREFIXES, AppProcess]> = [
      ['order-intake', intake],
      ['fulfillment', fulfillment],
      ['log-sink', sink],
    ];
    const sinkLag = () => consumerLag(ctx.kafka, sinkGroup, logsTopic);

    // 60 s: the node's restart (slower on a loaded machine) happens under load too.
    const load = ctx.startLoad(intake, fulfillment, 100, 60);
    await load.loadStarted;
    await atLoadSecond(performance.now(), 5);
    const storedBefore = await ctx.stored();
    await node.down();
    const stoppedAt = performance.now();
    ctx.log('OpenSearch stopped');
    await waitFor(
      'the log-sink to report OpenSearch down',
      async () => (await fetch(`${sink.url}/health/ready`, { signal: AbortSignal.timeout(5000) })).status === 503,
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const noticed = performance.now() - stoppedAt;
    ctx.log(`log-sink not ready (opensearch down) ${seconds(noticed)} s after the stop`);
    // A bulk write in hand when the node stopped may still have committed; from here on nothing may.
    await atLoadSecond(stoppedAt, 5);
    const heldFrom = await sinkLag();
    await atLoadSecond(stoppedAt, OUTAGE_MS / 1000);
    const heldTo = await sinkLag();
    const storedDuring = (await ctx.stored()) - storedBefore;
    const bulkFailures = await metricValue(sink.url, 'surge_log_sink_bulk_failures_total');
    ctx.notes.push(
      `OpenSearch down ${OUTAGE_MS / 1000} s: ${storedDuring} orders stored meanwhile; log-sink not ready after ${seconds(noticed)} s, ` +
        `${bulkFailures} bulk writes failed and retried, ${backlog(heldTo)} messages of lines held in Kafka`,
    );
    if (storedDuring === 0) ctx.fail('no order was stored while OpenSearch was down');
    if (committed(heldFrom) !== committed(heldTo)) {
      ctx.fail(
        `the log-sink committed offsets while OpenSearch was down: ${committed(heldFrom)} → ${committed(heldTo)}`,
      );
    }
    if (backlog(heldTo) === 0) ctx.fail('no line waited in Kafka while OpenSearch was down');

    const restartAt = performance.now();
    await node.up();
    const upAt = performance.now();
    ctx.log(`OpenSearch answering again ${seconds(upAt - restartAt)} s after its start`);
    await waitFor(
      'the log-sink to commit past the offsets it held',
      async () => {
        const now = await sinkLag();
        return now.some((p, i) => BigInt(p.committedOffset ?? -1) > BigInt(heldTo[i].committedOffset ?? -1));
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    const resumed = performance.now() - upAt;
    ctx.log(`log-sink storing again ${seconds(resumed)} s after OpenSearch answered`);

    // The drain finishes; then every line the apps shipped is in the store, once (ids are Kafka positions).
    await load.done;
    const lines = await waitFor(
      'every line of the logs topic in the store',
      async () => {
        // Lines, not messages: the apps ship many lines to a message; a refused line is dead-lettered alone.
        const shipped = await countLogLines(ctx.kafka, logsTopic);
        const held = backlog(await sinkLag());
        await reader.refresh();
        const [stored, refused] = await Promise.all([reader.count(), countMessages(ctx.kafka, `${logsTopic}.dlq`)]);
        const settled = held === 0 && shipped === (await countLogLines(ctx.kafka, logsTopic));
        return settled && stored + refused === shipped ? { shipped, stored, refused } : false;
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    const caughtUp = performance.now() - upAt;
    const dropped = await Promise.all(
      apps.map(([app, proc]) => metricValue(proc.url, `${METRIC_PREFIXES[app]}_log_lines_dropped_total`)),
    );
    ctx.notes.push(
      `OpenSearch answering ${seconds(upAt - restartAt)} s after its start; the sink stored again ${seconds(resumed)} s later ` +
        `and held nothing ${seconds(caughtUp)} s after it answered: ${lines.stored} of ${lines.shipped} lines stored, ` +
        `${lines.refused} refused; shipping dropped ${dropped.reduce((a, b) => a + b, 0)} lines`,
    );
    if (lines.refused > 0) ctx.fail(`${lines.refused} lines in ${logsTopic}.dlq`);

    const orderIds = await runOrderIds(ctx);
    const traceStart = performance.now();
    const traced = await traceOrders(reader, orderIds);
    let { problems } = traced;
    if (problems.size > 0) {
      // Lines shipped at the very end may still be on their way: wait for them, then say which are missing.
      await waitFor(
        `the ${problems.size} untraced orders to be traced`,
        async () => (problems = (await traceOrders(reader, [...problems.keys()])).problems).size === 0,
        { timeoutMs: 30_000, intervalMs: 1000 },
      ).catch(() => undefined);
    }
    ctx.notes.push(
      `${orderIds.length - problems.size} of ${orderIds.length} stored orders traced (accepted, produced with partition and offset, stored) ` +
        `in ${seconds(performance.now() - traceStart)} s; ${traced.severalTraces} resubmitted ones show each request's trace`,
    );
    if (orderIds.length === 0) ctx.fail('no order of the run is in MySQL');
    if (problems.size > 0) {
      const [id, why] = [...problems][0];
      ctx.fail(`${problems.size} orders cannot be traced (e.g. ${id}: ${why})`);
    }
    return {
      load,
      outcome: {
        recoverySeconds: seconds(caughtUp),
        recoveryMeaning: 'OpenSearch answering → every shipped line stored',
      },
    };
  },
};
