import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { envReader, loadStackConfig, withDatabase } from '@surge/config';
import { encodeOrderEvent, orderTopicSpecs, type OrderPlacedEvent } from '@surge/contracts';
import { BatchingProducer, createKafka, provisionTopics } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { createPool, type Pool } from 'mysql2/promise';
import { AppProcess, freePort, launchApp, metricValue, REPO_ROOT, waitFor } from '@surge/testing';
import { migrate } from '../../apps/fulfillment/src/migrate';
import type { FailedBatchesSnapshot } from '@surge/pacing';
import { cpuMs } from '../process-cpu';
import { profilesSince, summarizeProfile } from '../profile-summary';
import { insertCeiling } from './insert-ceiling';

/**
 * npm run bench:drain — how fast and how exactly fulfillment drains a backlog,
 * against the naive consumer, on the same broker and database in one run.
 * Phases: rate accuracy at every ceiling (200, 1,000, 5,000, 10,000/s by default)
 * with 1 and with 2 instances in one group (30 s windows), then unthrottled
 * throughput alternating Surge and the naive baseline. Every phase ends with
 * the correctness checks: no duplicate rows, stock that adds up, and after the
 * full drain, rows = orders produced. Each throughput round also writes the
 * same rows with raw multi-row INSERTs (the ceiling, insert-ceiling.ts) with 2
 * and 4 connections, and the drain is reported against the better of the two.
 * Each rate row also gives every instance's adaptive factor, its CPU over the
 * window (% of a core) and the batches that failed, by error. The last line
 * is one JSON object.
 *
 *   --ceilings 10000      only these ceilings (BENCH_DRAIN_CEILINGS)
 *   --instances 1,2       only these instance counts (BENCH_DRAIN_INSTANCES)
 *   --phases rate         only the rate-accuracy phase (or throughput); both by default
 *   --backlog N   instead: pre-fill N orders straight into the topic, drain
 *                 them unthrottled with stock reservation, and report the rate
 *                 per tenth of the backlog (per million from 10 million), the
 *                 fulfillment RSS over time, and disk bytes per order in Kafka
 *                 and in MySQL.
 *                 The raw-INSERT ceiling runs on the empty tables before
 *                 and on the full ones after, so a drain slowing as the tables
 *                 grow can be told from a database slowing.
 *   --insert-ceiling N   instead: only the raw-INSERT ceiling, N orders on
 *                 the bench database as it stands (after a backlog run: on
 *                 its full tables), 2 connections.
 *   --profile     instead: BENCH_DRAIN_THROUGHPUT_ORDERS orders drained
 *                 unthrottled by one instance under --cpu-prof, then where its
 *                 CPU went (self time by package and by function).
 */
const { values: args } = parseArgs({
  options: {
    backlog: { type: 'string' },
    'insert-ceiling': { type: 'string' },
    ceilings: { type: 'string' },
    instances: { type: 'string' },
    phases: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
/** A comma-separated list of positive numbers from an option or its variable; anything else stops the bench. */
function list(what: string, value: string): number[] {
  const values = value.split(',').map(Number);
  if (values.some((v) => !Number.isFinite(v) || v <= 0))
    throw new Error(`${what}: "${value}" is not a list of positive numbers`);
  return values;
}
const WINDOW_S = num('BENCH_DRAIN_WINDOW_S', 30);
const CEILINGS = list('--ceilings', args.ceilings ?? process.env.BENCH_DRAIN_CEILINGS ?? '200,1000,5000,10000');
/** Instances draining together in the rate-accuracy phase, one run of every ceiling per count. */
const INSTANCES = list('--instances', args.instances ?? process.env.BENCH_DRAIN_INSTANCES ?? '1,2');
const PHASES = new Set((args.phases ?? 'rate,throughput').split(','));
for (const phase of PHASES) {
  if (phase !== 'rate' && phase !== 'throughput')
    throw new Error(`--phases: "${phase}" is neither rate nor throughput`);
}
/** Enough for every ceiling's settling and window, with a tenth to spare, so the backlog never runs dry. */
const BACKLOG = num(
  'BENCH_DRAIN_BACKLOG',
  Math.ceil(CEILINGS.reduce((sum, ceiling) => sum + ceiling * (WINDOW_S + 4), 0) * 1.1),
);
const THROUGHPUT_ORDERS = num('BENCH_DRAIN_THROUGHPUT_ORDERS', 60_000);
const NAIVE_WINDOW_S = num('BENCH_DRAIN_NAIVE_WINDOW_S', 15);
const ROUNDS = num('BENCH_DRAIN_ROUNDS', 2);
const PARTITIONS = 12;
const SKUS = Array.from({ length: 100 }, (_, i) => `BENCH-${String(i).padStart(3, '0')}`);
const ADMIN_TOKEN = randomUUID();
/** Enough that no order is refused for stock: the bench times the drain, not the rejections. */
const STOCK_PER_SKU = 1_000_000_000;

const stack = loadStackConfig(envReader(process.env));
const brokers = stack.kafkaBrokers;
// A database of its own: the bench truncates its tables.
const mysqlUrl = withDatabase(stack.mysqlUrl, process.env.BENCH_DRAIN_DATABASE ?? 'surge_bench');
const kafka = createKafka({ brokers, clientId: 'bench-drain' });

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (from: number) => (performance.now() - from) / 1000;

// Polled often: the drain timings start and stop on these conditions.
const waitUntil = (what: string, check: () => Promise<boolean>, timeoutMs = 120_000) =>
  waitFor(what, check, { timeoutMs, intervalMs: 50 });

/** Two lines per order, like the ceiling's rows. */
function order(i: number): OrderPlacedEvent {
  const lines = 2;
  return {
    schema: 'order.placed',
    version: 1,
    orderId: randomUUID(),
    customerId: `bench-${i % 5000}`,
    currency: 'EUR',
    items: Array.from({ length: lines }, (_, k) => ({ sku: SKUS[(i * 7 + k * 13) % SKUS.length], quantity: 1 + k })),
    placedAt: new Date().toISOString(),
  };
}

/**
 * The topics a drain on `topic` uses: orders, dead letters and outcomes. Each
 * run has its own, so the outbox relay never publishes into the stack's
 * shared outcomes topic, and the bench deletes them all at the end.
 */
const drainTopics = (topic: string) => ({
  ordersTopic: topic,
  deadLetterTopic: `${topic}.dlq`,
  outcomesTopic: `${topic}.outcomes`,
});

async function fill(topic: string, count: number): Promise<void> {
  await provisionTopics(
    kafka,
    orderTopicSpecs({
      ...drainTopics(topic),
      topicPartitions: PARTITIONS,
      topicReplicationFactor: 1,
    }),
  );
  const producer = new BatchingProducer(kafka, {
    lingerMs: 5,
    maxBatchMessages: 5000,
    maxBatchBytes: 4 << 20,
    maxInFlight: count + 1,
    sendTimeoutMs: 120_000,
    compression: 'none',
  });
  await producer.connect();
  const started = performance.now();
  for (let i = 0; i < count; i += 50_000) {
    const chunk = Array.from({ length: Math.min(50_000, count - i) }, (_, k) => order(i + k));
    await Promise.all(chunk.map((e) => producer.send(topic, { key: e.customerId, value: encodeOrderEvent(e) })));
    if ((i + chunk.length) % 1_000_000 === 0) log(`  ${(i + chunk.length) / 1e6} million orders on ${topic}`);
  }
  await producer.close();
  log(`  filled ${topic} with ${count} orders in ${seconds(started).toFixed(1)} s`);
}

/** A child of the bench; its output is printed only if it dies by itself. */
function startProcess(app: AppProcess): AppProcess {
  app.onUnexpectedExit = (why) => log(`  ${why}`);
  return app.start();
}

async function startSurge(topic: string, ceiling: number, nodeFlags: string[] = []): Promise<AppProcess> {
  const { deadLetterTopic, outcomesTopic } = drainTopics(topic);
  const env = {
    KAFKA_BROKERS: brokers.join(','),
    MYSQL_URL: mysqlUrl,
    ORDERS_TOPIC: topic,
    ORDERS_DLQ_TOPIC: deadLetterTopic,
    OUTCOMES_TOPIC: outcomesTopic,
    FULFILLMENT_GROUP: `bench-${topic}`,
    TOPIC_PARTITIONS: String(PARTITIONS),
    DRAIN_RATE_PER_SECOND: String(ceiling),
    ADMIN_TOKEN,
    LOG_LEVEL: 'warn',
  };
  return launchApp(startProcess(AppProcess.surgeApp('fulfillment', await freePort(), env, { nodeFlags })));
}

async function admin<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/admin/${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /admin/${path} answered ${response.status}`);
  return (await response.json()) as T;
}

async function setCeiling(url: string, ratePerSecond: number): Promise<void> {
  await admin(url, 'PATCH', 'throttle', { ratePerSecond });
}

async function rowCount(db: Pool): Promise<number> {
  const [rows] = await db.query('SELECT COUNT(*) AS n FROM orders');
  return Number((rows as Array<{ n: number }>)[0].n);
}

interface AccuracyRow {
  instances: number;
  ceiling: number;
  measured: number;
  errorPct: number;
  below: string[];
  /** Each instance's adaptive factor at the end of the window. */
  factors: number[];
  /** Each instance's CPU over the window, in % of one core. */
  cpuPct: number[];
  /** Batches that failed during the window, by error, over all instances. */
  failedBatches: Array<{ error: string; count: number }>;
}

/** The parts of GET /admin/throttle the bench reads. */
interface ThrottleState {
  factor: number;
  belowCeiling: { reason: string } | null;
  failedBatches: FailedBatchesSnapshot;
}

async function instanceState(app: AppProcess): Promise<{ throttle: ThrottleState; cpuMs: number }> {
  return { throttle: await admin<ThrottleState>(app.url, 'GET', 'throttle'), cpuMs: cpuMs(app.pid ?? 0) };
}

/**
 * Failed batches between two readings of every instance, by error. The
 * instances keep the latest few errors with a count each; an error that fell
 * off that list during the window is counted under "other errors".
 */
function failuresBetween(
  before: Array<{ throttle: ThrottleState }>,
  after: Array<{ throttle: ThrottleState }>,
): Array<{ error: string; count: number }> {
  const byError = new Map<string, number>();
  after.forEach(({ throttle: { failedBatches } }, i) => {
    const earlier = before[i].throttle.failedBatches;
    let named = 0;
    for (const { error, count } of failedBatches.errors) {
      const since = count - (earlier.errors.find((e) => e.error === error)?.count ?? 0);
      if (since > 0) byError.set(error, (byError.get(error) ?? 0) + since);
      named += Math.max(0, since);
    }
    const other = failedBatches.count - earlier.count - named;
    if (other > 0) byError.set('other errors', (byError.get('other errors') ?? 0) + other);
  });
  return [...byError].map(([error, count]) => ({ error, count }));
}

interface Correctness {
  rows: number;
  distinctIds: number;
  /** SKUs whose units sold and units left do not add up to the stock they started with. */
  skusOff: number;
  ok: boolean;
}

async function correctness(db: Pool, expectedRows?: number): Promise<Correctness> {
  const [[counts]] = (await db.query('SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM orders')) as unknown as [
    Array<{ n: number; d: number }>,
  ];
  // available is UNSIGNED, so an oversell never shows as a negative level: it
  // shows as units sold that, with those left, come to more than the stock.
  const [[stock]] = (await db.query(
    `SELECT COALESCE(SUM(COALESCE(s.sold, 0) + i.available <> ?), 0) AS off FROM inventory i
     LEFT JOIN (SELECT oi.sku, SUM(oi.quantity) AS sold FROM order_items oi JOIN orders o ON o.id = oi.order_id
                WHERE o.status = 'fulfilled' GROUP BY oi.sku) s ON s.sku = i.sku`,
    [STOCK_PER_SKU],
  )) as unknown as [Array<{ off: number }>];
  const rows = Number(counts.n);
  const distinctIds = Number(counts.d);
  const skusOff = Number(stock.off);
  const ok = rows === distinctIds && skusOff === 0 && (expectedRows === undefined || rows === expectedRows);
  return { rows, distinctIds, skusOff, ok };
}

async function resetTables(db: Pool): Promise<void> {
  await db.query('SET FOREIGN_KEY_CHECKS = 0');
  for (const table of ['order_items', 'orders', 'outbox', 'inventory', 'drain_control'])
    await db.query(`TRUNCATE TABLE ${table}`);
  await db.query('SET FOREIGN_KEY_CHECKS = 1');
  await db.query('INSERT INTO inventory (sku, available, price_cents) VALUES ?', [
    SKUS.map((sku) => [sku, STOCK_PER_SKU, 1000]),
  ]);
}

/** Orders/s between 10% and 90% of `total` stored, so start-up and the tail do not count. */
async function timeDrain(db: Pool, total: number, timeoutMs: number): Promise<number> {
  const low = Math.floor(total * 0.1);
  const high = Math.floor(total * 0.9);
  await waitUntil(`${low} rows`, async () => (await rowCount(db)) >= low, timeoutMs);
  const from = { at: performance.now(), rows: await rowCount(db) };
  await waitUntil(`${high} rows`, async () => (await rowCount(db)) >= high, timeoutMs);
  return ((await rowCount(db)) - from.rows) / seconds(from.at);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Disk the broker uses for a topic: the blocks of its partition directories in
 * the local stack's log dir (null if the broker is not local). Blocks, not
 * sizes: the active segment's index files are sparse, preallocated to 10 MiB.
 */
function kafkaTopicBytes(topic: string): number | null {
  const dataDir = join(process.env.KAFKA_STATE_DIR ?? join(REPO_ROOT, '.stack', 'kafka'), 'data');
  try {
    return readdirSync(dataDir)
      .filter((d) => d.startsWith(`${topic}-`) && /^\d+$/.test(d.slice(topic.length + 1)))
      .flatMap((d) => readdirSync(join(dataDir, d)).map((f) => statSync(join(dataDir, d, f)).blocks * 512))
      .reduce((a, b) => a + b, 0);
  } catch {
    return null;
  }
}

/** Data and index bytes of the order tables, after ANALYZE so InnoDB's figures are fresh. */
async function mysqlOrderBytes(db: Pool): Promise<number> {
  await db.query('ANALYZE TABLE orders, order_items');
  const [[row]] = (await db.query(
    `SELECT SUM(data_length + index_length) AS bytes FROM information_schema.TABLES
     WHERE table_schema = DATABASE() AND table_name IN ('orders', 'order_items')`,
  )) as unknown as [Array<{ bytes: number }>];
  return Number(row.bytes);
}

function rssMb(pid: number | undefined): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/**
 * npm run bench:drain -- --backlog N: the drain at scale. The rate over each
 * step of the backlog must stay flat (a drain that slows as tables grow would
 * not get through days of orders), and so must fulfillment's memory.
 */
async function backlogRun(db: Pool, total: number, run: string): Promise<Record<string, unknown>> {
  const topic = `bench-backlog-${run}`;
  await resetTables(db);
  log(`\nbacklog of ${total} orders, drained unthrottled with stock reservation`);
  const database = await innodbMemory(db);
  log(
    `  database: InnoDB buffer pool ${database.bufferPoolMb} MiB, redo log ${database.redoLogMb} MiB` +
      ` (the rows will take about ${Math.round((total * 1000) / 2 ** 20)} MiB; a pool far smaller makes this a disk benchmark)`,
  );
  try {
    const emptyCeiling = await backlogCeiling();
    await resetTables(db);
    log(`  raw-INSERT ceiling on the empty tables: ${emptyCeiling} orders/s`);
    await fill(topic, total);
    const kafkaBytes = kafkaTopicBytes(topic);
    const step = total >= 2_000_000 ? 1_000_000 : Math.max(1, Math.floor(total / 10));
    const surge = await startSurge(topic, 0);
    const stored = async () => metricValue(surge.url, 'surge_fulfillment_orders_drained_total');
    await waitUntil('the first order stored', async () => (await stored()) > 0, 120_000);
    const started = performance.now();
    const steps: Array<{ stored: number; seconds: number; ordersPerSecond: number; rssMb: number }> = [];
    const rss: Array<{ seconds: number; rssMb: number }> = [];
    let last = { at: started, stored: await stored() };
    let nextMark = step;
    let lastProgress = started;
    while (last.stored < total) {
      await sleep(250);
      const now = { at: performance.now(), stored: await stored() };
      if (now.stored > last.stored) lastProgress = now.at;
      else if (now.at - lastProgress > 120_000) throw new Error(`the drain stalled at ${now.stored} orders`);
      if (now.at - started >= rss.length * 10_000) {
        rss.push({ seconds: Math.round(seconds(started)), rssMb: rssMb(surge.pid) });
      }
      while (now.stored >= nextMark && nextMark <= total) {
        // When the count crossed the mark, between two polls.
        const crossedAt = last.at + ((nextMark - last.stored) / (now.stored - last.stored)) * (now.at - last.at);
        const at = (crossedAt - started) / 1000;
        const from = steps.length ? steps[steps.length - 1] : { stored: 0, seconds: 0 };
        const ordersPerSecond = Math.round((nextMark - from.stored) / (at - from.seconds));
        steps.push({ stored: nextMark, seconds: Number(at.toFixed(2)), ordersPerSecond, rssMb: rssMb(surge.pid) });
        log(
          `  ${nextMark} stored at ${at.toFixed(1)} s: ${ordersPerSecond} orders/s over the last ${step}, RSS ${steps[steps.length - 1].rssMb} MiB`,
        );
        nextMark += step;
      }
      last = now;
    }
    const drainSeconds = seconds(started);
    await surge.stop();
    const check = await correctness(db, total);
    const mysqlBytes = await mysqlOrderBytes(db);
    // After the checks: its rows stay in the tables with the drained ones.
    const fullCeiling = await backlogCeiling();
    const rates = steps.map((s) => s.ordersPerSecond);
    const rssValues = [...rss, ...steps].sort((a, b) => a.seconds - b.seconds).map((r) => r.rssMb);
    const result = {
      backlog: total,
      database,
      stepOrders: step,
      steps,
      rss,
      drainSeconds: Math.round(drainSeconds),
      ordersPerSecond: Math.round(total / drainSeconds),
      // Flat means the last step within 10% of the first, and no step far off.
      firstToLastPct: Number((((rates[rates.length - 1] - rates[0]) / rates[0]) * 100).toFixed(1)),
      spreadPct: Number((((Math.max(...rates) - Math.min(...rates)) / median(rates)) * 100).toFixed(1)),
      rssMb: { first: rssValues[0], max: Math.max(...rssValues), last: rssValues[rssValues.length - 1] },
      kafkaBytesPerOrder: kafkaBytes === null ? null : Math.round(kafkaBytes / total),
      mysqlBytesPerOrder: Math.round(mysqlBytes / total),
      // The first step against the ceiling on empty tables, the last against it on full ones.
      insertCeiling: {
        emptyTables: emptyCeiling,
        fullTables: fullCeiling,
        firstStepRatio: Number((rates[0] / emptyCeiling).toFixed(2)),
        lastStepRatio: Number((rates[rates.length - 1] / fullCeiling).toFixed(2)),
      },
      correctness: check,
    };
    log(
      `  drained ${total} in ${result.drainSeconds} s; rate first ${rates[0]}/s, last ${rates[rates.length - 1]}/s (${result.firstToLastPct}%), spread ${result.spreadPct}%; RSS ${result.rssMb.first} → max ${result.rssMb.max} MiB`,
    );
    log(
      `  raw-INSERT ceiling: ${emptyCeiling} orders/s on the empty tables, ${fullCeiling} on the full ones;` +
        ` first step ${result.insertCeiling.firstStepRatio}x the first, last step ${result.insertCeiling.lastStepRatio}x the second`,
    );
    log(
      `  disk per order: Kafka ${result.kafkaBytesPerOrder ?? 'n/a (broker not local)'} bytes, MySQL ${result.mysqlBytesPerOrder} bytes (data + indexes); rows ${check.rows}, ${check.ok ? 'OK' : 'FAIL'}`,
    );
    return result;
  } finally {
    await deleteTopics(kafka, Object.values(drainTopics(topic))).catch(() => undefined);
  }
}

/** Orders written by the raw-INSERT ceiling in a backlog run, before and after. */
const BACKLOG_CEILING_ORDERS = num('BENCH_DRAIN_BACKLOG_CEILING_ORDERS', 200_000);

/** The raw-INSERT ceiling (2 connections) on the tables as they are. */
async function backlogCeiling(orders = BACKLOG_CEILING_ORDERS): Promise<number> {
  const rate = await insertCeiling(mysqlUrl, { orders, connections: 2, ordersPerTransaction: 500, skus: SKUS });
  return Math.round(rate);
}

/**
 * The database's memory for pages and for its redo log: with a buffer pool
 * far below the table's size (MariaDB's default is 128 MiB), a long drain
 * measures the disk's random reads rather than the drain.
 */
async function innodbMemory(db: Pool): Promise<{ bufferPoolMb: number; redoLogMb: number }> {
  const [rows] = await db.query('SELECT @@innodb_buffer_pool_size AS pool, @@innodb_log_file_size AS redo');
  const [{ pool, redo }] = rows as Array<{ pool: string | number; redo: string | number }>;
  return { bufferPoolMb: Math.round(Number(pool) / 2 ** 20), redoLogMb: Math.round(Number(redo) / 2 ** 20) };
}

/**
 * Rate accuracy: each instance count in one group on a pre-filled backlog, the
 * ceiling changed at run time through the admin API, rows counted at MySQL
 * over a window after the rate settles.
 */
async function rateAccuracy(
  db: Pool,
  run: string,
  topics: string[],
): Promise<{ rows: AccuracyRow[]; checks: Correctness[] }> {
  const accuracy: AccuracyRow[] = [];
  const rateChecks: Correctness[] = [];
  for (const instances of INSTANCES) {
    await resetTables(db);
    const rateTopic = `bench-rate${instances}-${run}`;
    topics.push(...Object.values(drainTopics(rateTopic)));
    log(`\nrate accuracy, ${instances} instance(s) (${WINDOW_S} s windows)`);
    await fill(rateTopic, BACKLOG);
    const group: AppProcess[] = [];
    for (let i = 0; i < instances; i++) group.push(await startSurge(rateTopic, CEILINGS[0]));
    await waitUntil('every instance to hold partitions', async () => {
      const view = await admin<{ members: Array<{ partitions: number[] }> }>(group[0].url, 'GET', 'group');
      return view.members.length === instances && view.members.every((m) => m.partitions.length > 0);
    });
    for (const ceiling of CEILINGS) {
      await setCeiling(group[0].url, ceiling);
      const settleFrom = await rowCount(db);
      await waitUntil(`settling at ${ceiling}/s`, async () => (await rowCount(db)) >= settleFrom + ceiling * 2, 60_000);
      const before = await Promise.all(group.map(instanceState));
      const from = { at: performance.now(), rows: await rowCount(db) };
      await sleep(WINDOW_S * 1000); // the measurement window itself
      const measured = ((await rowCount(db)) - from.rows) / seconds(from.at);
      const window = seconds(from.at);
      const after = await Promise.all(group.map(instanceState));
      const errorPct = ((measured - ceiling) / ceiling) * 100;
      const row: AccuracyRow = {
        instances,
        ceiling,
        measured: Math.round(measured),
        errorPct: Number(errorPct.toFixed(2)),
        // What each instance says about running below its share, if it does.
        below: after.flatMap((state) => (state.throttle.belowCeiling ? [state.throttle.belowCeiling.reason] : [])),
        factors: after.map((state) => Number(state.throttle.factor.toFixed(2))),
        // A fulfillment near 100% of a core is the shortfall's cause, whatever the factor.
        cpuPct: after.map((state, i) => Math.round((state.cpuMs - before[i].cpuMs) / (window * 10))),
        failedBatches: failuresBetween(before, after),
      };
      accuracy.push(row);
      const failed = row.failedBatches.map((f) => `${f.count}× ${f.error}`).join('; ');
      log(
        `  ceiling ${String(ceiling).padStart(5)}/s  measured ${measured.toFixed(1).padStart(8)}/s  error ${errorPct.toFixed(2)}%` +
          `  factor ${row.factors.join(', ')}  fulfillment CPU ${row.cpuPct.map((c) => `${c}%`).join(', ')}` +
          `${row.below.length ? `\n    below the ceiling: ${row.below.join('; ')}` : ''}` +
          `${failed ? `\n    failed batches: ${failed}` : ''}`,
      );
    }
    await setCeiling(group[0].url, 0);
    await waitUntil('the rest of the backlog', async () => (await rowCount(db)) >= BACKLOG, 600_000);
    const rateCheck = await correctness(db, BACKLOG);
    rateChecks.push(rateCheck);
    log(
      `  drained all ${BACKLOG}: rows ${rateCheck.rows}, distinct ${rateCheck.distinctIds}, SKUs whose stock does not add up ${rateCheck.skusOff} -> ${rateCheck.ok ? 'OK' : 'FAIL'}`,
    );
    for (const app of group) await app.stop();
  }
  return { rows: accuracy, checks: rateChecks };
}

/** Throughput, unthrottled: A (Surge) and B (naive) alternating, and C (raw INSERTs) each round. */
async function throughput(
  db: Pool,
  run: string,
  topics: string[],
): Promise<{ figures: Record<string, unknown>; checks: Correctness[] }> {
  log(
    `\nthroughput, unthrottled (A = Surge on ${THROUGHPUT_ORDERS} orders, B = naive eachMessage + save() for ${NAIVE_WINDOW_S} s)`,
  );
  const surgeRates: number[] = [];
  const naiveRates: number[] = [];
  const ceilingRates: number[] = [];
  const checks: Correctness[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await resetTables(db);
    const a = `bench-a${round}-${run}`;
    topics.push(...Object.values(drainTopics(a)));
    await fill(a, THROUGHPUT_ORDERS);
    const contender = await startSurge(a, 0);
    const rate = await timeDrain(db, THROUGHPUT_ORDERS, 300_000);
    await waitUntil('A drained', async () => (await rowCount(db)) >= THROUGHPUT_ORDERS, 300_000);
    await contender.stop();
    const check = await correctness(db, THROUGHPUT_ORDERS);
    checks.push(check);
    surgeRates.push(rate);
    log(
      `  A round ${round}: ${rate.toFixed(0)} orders/s  (rows ${check.rows}/${THROUGHPUT_ORDERS}, ${check.ok ? 'OK' : 'FAIL'})`,
    );

    await resetTables(db);
    const b = `bench-b${round}-${run}`;
    topics.push(...Object.values(drainTopics(b)));
    await fill(b, 50_000);
    const naive = startProcess(
      new AppProcess({
        label: 'naive consumer',
        script: 'bench/drain/naive-consumer.ts',
        env: {
          KAFKA_BROKERS: brokers.join(','),
          MYSQL_URL: mysqlUrl,
          ORDERS_TOPIC: b,
          FULFILLMENT_GROUP: `bench-naive-${b}`,
        },
      }),
    );
    await waitUntil('the naive consumer to start storing', async () => (await rowCount(db)) >= 100, 120_000);
    const from = { at: performance.now(), rows: await rowCount(db) };
    await sleep(NAIVE_WINDOW_S * 1000); // the measurement window itself
    const naiveRate = ((await rowCount(db)) - from.rows) / seconds(from.at);
    await naive.stop();
    const naiveCheck = await correctness(db);
    checks.push(naiveCheck);
    naiveRates.push(naiveRate);
    log(
      `  B round ${round}: ${naiveRate.toFixed(0)} orders/s  (rows ${naiveCheck.rows}, ${naiveCheck.ok ? 'OK' : 'FAIL'})`,
    );

    // C: the same rows as A, raw INSERTs only; the better of 2 and 4 connections.
    const byConnections: Record<number, number> = {};
    for (const connections of [2, 4]) {
      await resetTables(db);
      byConnections[connections] = await insertCeiling(mysqlUrl, {
        orders: THROUGHPUT_ORDERS,
        connections,
        ordersPerTransaction: 500,
        skus: SKUS,
      });
      const ceilingCheck = await correctness(db, THROUGHPUT_ORDERS);
      // No stock was taken, so only the row counts are checked here.
      checks.push({ ...ceilingCheck, skusOff: 0, ok: ceilingCheck.rows === ceilingCheck.distinctIds });
    }
    ceilingRates.push(Math.max(byConnections[2], byConnections[4]));
    log(
      `  C round ${round}: ${byConnections[2].toFixed(0)} orders/s with 2 connections, ${byConnections[4].toFixed(0)} with 4 (raw INSERT ceiling)`,
    );
  }
  const ratio = median(surgeRates) / median(naiveRates);
  const toCeiling = median(surgeRates) / median(ceilingRates);
  log(
    `  median A ${median(surgeRates).toFixed(0)}/s, B ${median(naiveRates).toFixed(0)}/s, C ${median(ceilingRates).toFixed(0)}/s; A/B = ${ratio.toFixed(1)}x, A/C = ${toCeiling.toFixed(2)}x`,
  );
  const figures = {
    surge: surgeRates.map(Math.round),
    naive: naiveRates.map(Math.round),
    ceiling: ceilingRates.map(Math.round),
    surgeMedian: Math.round(median(surgeRates)),
    naiveMedian: Math.round(median(naiveRates)),
    ceilingMedian: Math.round(median(ceilingRates)),
    ratio: Number(ratio.toFixed(2)),
    ratioToCeiling: Number(toCeiling.toFixed(2)),
  };
  return { figures, checks };
}

/** npm run bench:drain -- --profile: where fulfillment's CPU goes while it drains unthrottled. */
async function profileRun(db: Pool, total: number, run: string): Promise<void> {
  const topic = `bench-profile-${run}`;
  const dir = join(REPO_ROOT, 'reports');
  await resetTables(db);
  try {
    await fill(topic, total);
    const since = Date.now();
    const surge = await startSurge(topic, 0, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const stored = async () => metricValue(surge.url, 'surge_fulfillment_orders_drained_total');
    await waitUntil('the first order stored', async () => (await stored()) > 0);
    const started = performance.now();
    await waitUntil(`${total} orders stored`, async () => (await stored()) >= total, 600_000);
    const drainSeconds = seconds(started);
    await surge.stop();
    log(`  drained ${total} orders in ${drainSeconds.toFixed(1)} s under the profiler`);
    log(`  ${JSON.stringify(await correctness(db, total))}`);
    // The drain and the shutdown after it, not the boot.
    for (const file of profilesSince(dir, since)) log(summarizeProfile(file, (drainSeconds + 2) * 1000));
  } finally {
    await deleteTopics(kafka, Object.values(drainTopics(topic))).catch(() => undefined);
  }
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const run = randomUUID().slice(0, 6);
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version };
  log(
    `bench:drain on ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; database ${new URL(mysqlUrl).pathname.slice(1)}`,
  );
  await migrate(mysqlUrl);
  const db = createPool({ uri: mysqlUrl, connectionLimit: 2 });
  const topics: string[] = [];
  if (args.profile) {
    try {
      await profileRun(db, THROUGHPUT_ORDERS, run);
    } finally {
      await db.end();
    }
    return;
  }
  if (args['insert-ceiling'] !== undefined) {
    try {
      const [rows] = await db.query('SELECT COUNT(*) AS n FROM orders');
      const present = Number((rows as Array<{ n: number }>)[0].n);
      const rate = await backlogCeiling(Number(args['insert-ceiling']));
      log(`raw-INSERT ceiling, 2 connections, on tables of ${present} orders: ${rate} orders/s`);
      console.log(
        JSON.stringify({ bench: 'drain-insert-ceiling', machine, ordersPresent: present, ordersPerSecond: rate }),
      );
    } finally {
      await db.end();
    }
    return;
  }
  if (args.backlog !== undefined) {
    try {
      const backlog = await backlogRun(db, Number(args.backlog), run);
      console.log(JSON.stringify({ bench: 'drain-backlog', machine, ...backlog }));
      if (!(backlog.correctness as Correctness).ok) process.exitCode = 1;
    } finally {
      await db.end();
    }
    return;
  }
  const result: Record<string, unknown> = { machine, backlog: BACKLOG, windowSeconds: WINDOW_S };
  const checks: Correctness[] = [];
  try {
    if (PHASES.has('rate')) {
      const rate = await rateAccuracy(db, run, topics);
      result.rateAccuracy = rate.rows;
      result.rateCorrectness = rate.checks;
      checks.push(...rate.checks);
    }
    if (PHASES.has('throughput')) {
      const measured = await throughput(db, run, topics);
      result.throughput = measured.figures;
      result.throughputCorrectness = measured.checks;
      checks.push(...measured.checks);
    }
    result.correct = checks.every((c) => c.ok);
  } finally {
    await db.end();
    await deleteTopics(kafka, topics).catch(() => undefined);
  }
  console.log(JSON.stringify(result));
  if (!result.correct) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(`bench:drain failed: ${error.message}`);
  process.exit(1);
});
