import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { parseOrderEvent } from '@surge/contracts';
import { deleteTopics, readTopic } from '@surge/kafka-testing';
import {
  AppProcess,
  childPids,
  freePort,
  launchApp,
  metricValue,
  testStack,
  uniqueName,
  waitFor,
} from '@surge/testing';
import { kafka, post, validOrder } from '../test-support/intake-harness';

const order = JSON.stringify(validOrder);

/**
 * Client connections to `port` that `pid` holds open, read from /proc: which
 * worker the primary handed each connection to is visible nowhere else.
 */
function connectionsHeld(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const target = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return ''; // closed meanwhile
      }
    })();
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]);
  }
  const localPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let held = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local address, state 01 = ESTABLISHED, inode
      if (f.length > 9 && f[1].endsWith(localPort) && f[3] === '01' && inodes.has(f[9])) held++;
    }
  }
  return held;
}

describe('intake on several workers (INTAKE_WORKERS=2)', () => {
  let intake: AppProcess;
  let topic: string;
  let port: number;

  beforeEach(async () => {
    topic = uniqueName('orders');
    port = await freePort();
    intake = AppProcess.surgeApp('order-intake', port, {
      INTAKE_WORKERS: '2',
      // Long enough that the spec sees the cluster not ready between the kill and the replacement.
      INTAKE_WORKER_RESTART_DELAY_MS: '5000',
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      MYSQL_URL: testStack.mysqlUrl,
      ORDERS_TOPIC: topic,
      ORDERS_DLQ_TOPIC: `${topic}.dlq`,
      TOPIC_PARTITIONS: '3',
      LOG_LEVEL: 'info',
      LOG_SHIPPING: 'off',
      // Orders stay in hand until shutdown sends them: 20 s would show as a slow drain.
      PRODUCE_LINGER_MS: '20000',
      PRODUCE_TIMEOUT_MS: '30000',
    });
    await launchApp(intake, '/health/ready', 60_000);
  });

  afterEach(async () => {
    await intake.kill9();
    await deleteTopics(kafka, [topic, `${topic}.dlq`]);
  });

  it('spreads orders over both workers, sums their metrics, and drains both on SIGTERM', async () => {
    const primary = intake.pid ?? 0;
    const workers = childPids(primary);
    expect(workers).toHaveLength(2);
    const pending = Array.from({ length: 30 }, () => post(intake.url, order));
    // The sum over workers: one worker alone holds only its share.
    await waitFor(
      '30 orders in hand',
      async () => (await metricValue(intake.url, 'surge_intake_produce_in_flight_orders')) === 30,
    );
    const held = workers.map((pid) => connectionsHeld(pid, port));
    expect(held.every((n) => n > 0)).toBe(true);
    expect(held.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(30);

    // The primary alone is signalled, as an orchestrator that knows one pid would.
    const signalled = Date.now();
    process.kill(primary, 'SIGTERM');
    const responses = await Promise.all(pending);
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(202));
    expect(await intake.exited()).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow(); // no worker left behind

    const acked = await Promise.all(responses.map(async (r) => ((await r.json()) as { orderId: string }).orderId));
    const onTopic = (await readTopic(kafka, topic)).map((m) => parseOrderEvent(m.value).orderId);
    expect(onTopic.sort()).toEqual(acked.sort());
  });

  it('is not ready while a worker is down, and ready again once the primary replaced it', async () => {
    // As a load balancer probes: with a timeout (a request on a connection the
    // killed worker held gets no answer), and a new connection each time.
    const probe = () =>
      fetch(`${intake.url}/health/ready`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(2000) });
    const [victim, survivor] = childPids(intake.pid ?? 0);
    process.kill(victim, 'SIGKILL');
    // The survivor answers with the primary's count; the replacement, while it
    // boots, answers 503 before it has heard from the primary: wait for the count.
    const down = await waitFor('the survivor to report one worker of two ready', async () => {
      const response = await probe();
      if (response.status !== 503) return false;
      const body = (await response.json()) as { error: { workers?: { ready?: number } } };
      return body.error.workers?.ready === 1 && body;
    });
    expect(down.error.workers).toMatchObject({ status: 'down', ready: 1, workers: 2 });

    await waitFor('ready again', async () => (await probe()).status === 200, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    const now = childPids(intake.pid ?? 0);
    expect(now).toHaveLength(2);
    expect(now).toContain(survivor);
    expect(now).not.toContain(victim);
  }, 90_000);
});
