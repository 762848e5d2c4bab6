import { parseOrderEvent } from '@surge/contracts';
import { deleteTopics, readTopic } from '@surge/kafka-testing';
import { AppProcess, freePort, isolatedAppEnv, launchApp, metricValue, waitFor } from '@surge/testing';
import { kafka, post, startOnNewTopic, stop, validOrder, type Intake } from './test-support/intake-harness';

const order = JSON.stringify(validOrder);

describe('/metrics and /docs', () => {
  let intake: Intake;
  beforeAll(async () => (intake = await startOnNewTopic()));
  afterAll(() => stop(intake));

  it('counts accepted orders and rejections by status, with process metrics', async () => {
    expect((await post(intake.url, order)).status).toBe(202);
    expect((await post(intake.url, '{}')).status).toBe(400);
    expect((await post(intake.url, 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post(intake.url, JSON.stringify({ ...validOrder, pad: 'x'.repeat(70_000) }))).status).toBe(413);

    const response = await fetch(`${intake.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('process_resident_memory_bytes');
    expect(await metricValue(intake.url, 'surge_intake_orders_accepted_total')).toBe(1);
    for (const reason of ['400', '413', '415']) {
      expect(await metricValue(intake.url, 'surge_intake_orders_rejected_total', { reason })).toBe(1);
    }
    expect(await metricValue(intake.url, 'surge_intake_produce_batch_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(await metricValue(intake.url, 'surge_intake_produce_in_flight_orders')).toBe(0);
  });

  it('serves the OpenAPI document with every status of the orders API', async () => {
    expect((await fetch(`${intake.url}/docs`)).status).toBe(200);
    const document = (await (await fetch(`${intake.url}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths['/orders'].post.responses).sort()).toEqual(
      ['202', '400', '413', '415', '422', '429', '503'].sort(),
    );
    expect(Object.keys(document.paths['/orders/{id}'].get.responses).sort()).toEqual([
      '200',
      '400',
      '404',
      '429',
      '503',
    ]);
    expect(document.components.schemas).toHaveProperty('CreateOrderDto');
    expect(document.paths).not.toHaveProperty('/metrics');
  });
});

describe('per-client throttling', () => {
  let intake: Intake;
  beforeAll(async () => (intake = await startOnNewTopic({ throttlePerMinute: 3 })));
  afterAll(() => stop(intake));

  it('answers 429 with Retry-After past the limit, and never throttles health or metrics', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(intake.url, order)).status);
    expect(statuses).toEqual([202, 202, 202]);
    const refused = await post(intake.url, order);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect((await fetch(`${intake.url}/health/live`)).status).toBe(200);
    expect(await metricValue(intake.url, 'surge_intake_orders_rejected_total', { reason: '429' })).toBe(1);
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, sends the orders in hand at once, answers them, and exits', async () => {
    const env = isolatedAppEnv('intake-shutdown', 3);
    const intake = AppProcess.surgeApp('order-intake', await freePort(), {
      ...env,
      INTAKE_WORKERS: '1',
      // Kept per test and printed only if it fails (libs/testing captured-logs).
      LOG_LEVEL: 'info',
      // Without shutdown, these orders would wait 20 s in hand.
      PRODUCE_LINGER_MS: '20000',
      PRODUCE_TIMEOUT_MS: '30000',
    });
    const { url } = intake;
    try {
      await launchApp(intake);
      const pending = Array.from({ length: 30 }, () => post(url, order));
      await waitFor(
        '30 orders in hand',
        async () => (await metricValue(url, 'surge_intake_produce_in_flight_orders')) === 30,
      );

      const signalled = Date.now();
      const stopped = intake.stop();
      const responses = await Promise.all(pending);
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(responses.map((r) => r.status)).toEqual(Array(30).fill(202));
      // Nest re-raises the signal once it has closed, so the exit is "by SIGTERM", not a crash.
      expect(await stopped).toEqual({ code: null, signal: 'SIGTERM' });
      expect(Date.now() - signalled).toBeLessThan(10_000);
      await expect(post(url, order)).rejects.toThrow();

      const acked = await Promise.all(responses.map(async (r) => ((await r.json()) as { orderId: string }).orderId));
      const onTopic = (await readTopic(kafka, env.ORDERS_TOPIC)).map((m) => parseOrderEvent(m.value).orderId);
      expect(onTopic.sort()).toEqual(acked.sort());
    } finally {
      await intake.kill9();
      await deleteTopics(kafka, [env.ORDERS_TOPIC, env.ORDERS_DLQ_TOPIC]);
    }
  });
});
