import { ORDERS_RETENTION_MS, parseOrderEvent } from '@surge/contracts';
import { describeTopicConfig, ensureTopic } from '@surge/kafka';
import { countMessages, readTopic } from '@surge/kafka-testing';
import { metricValue, mysqlPool, truncateOrderTables, uniqueName } from '@surge/testing';
import { kafka, post, startOnNewTopic, stop, validOrder, type Intake } from '../test-support/intake-harness';

const pool = mysqlPool();

afterAll(async () => {
  await pool.end();
});

describe('POST /orders', () => {
  let intake: Intake;
  beforeAll(async () => (intake = await startOnNewTopic()));
  afterAll(() => stop(intake));

  it('answers 202 with the id of an order that is on the topic, keyed by customer', async () => {
    const response = await post(intake.url, JSON.stringify(validOrder));
    expect(response.status).toBe(202);
    const body = (await response.json()) as { orderId: string; status: string };
    expect(body.status).toBe('queued');

    const messages = await readTopic(kafka, intake.topic);
    expect(messages).toHaveLength(1);
    expect(messages[0].key?.toString()).toBe('customer-1');
    expect(parseOrderEvent(messages[0].value)).toMatchObject({ orderId: body.orderId, ...validOrder });
  });

  it('gives a retry with the same Idempotency-Key the same order id', async () => {
    const headers = { 'idempotency-key': uniqueName('retry') };
    const first = (await (await post(intake.url, JSON.stringify(validOrder), headers)).json()) as { orderId: string };
    const second = (await (await post(intake.url, JSON.stringify(validOrder), headers)).json()) as { orderId: string };
    expect(second.orderId).toBe(first.orderId);
    const other = (await (await post(intake.url, JSON.stringify(validOrder))).json()) as { orderId: string };
    expect(other.orderId).not.toBe(first.orderId);
  });

  it('answers 422 problem+json to a key reused with another body, and queues nothing for it', async () => {
    const headers = { 'idempotency-key': uniqueName('reused') };
    const first = await post(intake.url, JSON.stringify(validOrder), headers);
    expect(first.status).toBe(202);
    const { orderId } = (await first.json()) as { orderId: string };
    const before = await countMessages(kafka, intake.topic);

    const other = { ...validOrder, items: [{ sku: 'SKU-1', quantity: 3 }] };
    const reused = await post(intake.url, JSON.stringify(other), headers);
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await reused.json()).toMatchObject({
      type: 'urn:surge:problem:idempotency-key-reused',
      title: 'Idempotency-Key is already used',
      status: 422,
      orderId,
    });
    expect(await metricValue(intake.url, 'surge_intake_orders_rejected_total', { reason: '422' })).toBe(1);
    // Whitespace and key order are not a different request.
    const reordered = `{ "items": [{"quantity": 2, "sku": "SKU-1"}], "currency": "EUR", "customerId": "customer-1" }`;
    const retry = await post(intake.url, reordered, headers);
    expect(retry.status).toBe(202);
    expect(((await retry.json()) as { orderId: string }).orderId).toBe(orderId);

    expect(await countMessages(kafka, intake.topic)).toBe(before + 1);
    const events = (await readTopic(kafka, intake.topic)).map((m) => parseOrderEvent(m.value));
    const keyed = events.filter((e) => e.orderId === orderId);
    expect(keyed).toHaveLength(2);
    expect(keyed[0].requestFingerprint).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(keyed[1].requestFingerprint).toBe(keyed[0].requestFingerprint);
    expect(keyed.every((e) => e.items[0].quantity === 2)).toBe(true);
  });

  it('answers 422 to a key reused with another contact: the outcome would go to an address the order does not carry', async () => {
    const headers = { 'idempotency-key': uniqueName('contact') };
    const mailed = { ...validOrder, contact: { email: 'ana@example.com' } };
    expect((await post(intake.url, JSON.stringify(mailed), headers)).status).toBe(202);
    const elsewhere = { ...validOrder, contact: { email: 'bob@example.com' } };
    expect((await post(intake.url, JSON.stringify(elsewhere), headers)).status).toBe(422);
    expect((await post(intake.url, JSON.stringify(validOrder), headers)).status).toBe(422);
    expect((await post(intake.url, JSON.stringify(mailed), headers)).status).toBe(202);
  });

  it('provisions the topic with three days of retention', async () => {
    expect(await describeTopicConfig(kafka, intake.topic, 'retention.ms')).toBe(String(ORDERS_RETENTION_MS));
  });
});

describe('POST /orders with bad input', () => {
  let intake: Intake;
  beforeAll(async () => (intake = await startOnNewTopic()));
  afterAll(() => stop(intake));

  const cases: Array<[string, string, Record<string, string>, number, string]> = [
    ['malformed JSON', '{"customerId":', {}, 400, 'not valid JSON'],
    ['a wrong type', JSON.stringify({ ...validOrder, customerId: 7 }), {}, 400, 'customerId'],
    [
      'a negative quantity',
      JSON.stringify({ ...validOrder, items: [{ sku: 'A', quantity: -1 }] }),
      {},
      400,
      'items.0.quantity',
    ],
    [
      'too many items',
      JSON.stringify({ ...validOrder, items: Array(51).fill({ sku: 'A', quantity: 1 }) }),
      {},
      400,
      'items',
    ],
    [
      'an unknown field',
      JSON.stringify({ ...validOrder, coupon: 'FREE' }),
      {},
      400,
      'property coupon should not exist',
    ],
    ['a bad currency', JSON.stringify({ ...validOrder, currency: 'euro' }), {}, 400, 'currency'],
    [
      'a bad Idempotency-Key',
      JSON.stringify(validOrder),
      { 'idempotency-key': 'no spaces allowed' },
      400,
      'Idempotency-Key',
    ],
    ['a body over 64 KiB', JSON.stringify({ ...validOrder, pad: 'x'.repeat(70_000) }), {}, 413, 'too large'],
    ['a non-JSON content type', 'customerId=1', { 'content-type': 'text/plain' }, 415, 'Unsupported Media Type'],
  ];

  it.each(cases)(
    'answers %s with its status and a message naming the problem',
    async (_, body, headers, status, text) => {
      const response = await post(intake.url, body, headers);
      expect(response.status).toBe(status);
      expect(await response.text()).toContain(text);
    },
  );

  it('produced nothing for any of them', async () => {
    expect(await countMessages(kafka, intake.topic)).toBe(0);
  });
});

describe('topic provisioning', () => {
  it('corrects the retention of a topic created by hand', async () => {
    const topic = uniqueName('orders');
    await ensureTopic(kafka, { topic, partitions: 1, replicationFactor: 1, configs: { 'retention.ms': '3600000' } });
    const intake = await startOnNewTopic({ ordersTopic: topic, deadLetterTopic: `${topic}.dlq` });
    try {
      expect(await describeTopicConfig(kafka, topic, 'retention.ms')).toBe(String(ORDERS_RETENTION_MS));
    } finally {
      await stop(intake);
    }
  });
});

describe('GET /orders/:id', () => {
  let intake: Intake;
  beforeAll(async () => (intake = await startOnNewTopic()));
  afterAll(() => stop(intake));
  beforeEach(() => truncateOrderTables(pool));

  it('answers the stored order with its lines', async () => {
    const id = '01a217b3-8de9-7368-92fb-adf894e78855';
    await pool.query(
      `INSERT INTO orders (id, customer_id, currency, status, reject_reason, total_cents, placed_at)
       VALUES (?, 'customer-1', 'EUR', 'fulfilled', NULL, 3998, '2026-11-26 10:00:00.000')`,
      [id],
    );
    await pool.query(`INSERT INTO order_items VALUES (?, 1, 'SKU-1', 2, 1999)`, [id]);
    const response = await fetch(`${intake.url}/orders/${id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      orderId: id,
      status: 'fulfilled',
      totalCents: 3998,
      placedAt: '2026-11-26T10:00:00.000Z',
      items: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1999 }],
      idempotencyConflicts: 0,
    });
  });

  it('shows how many other bodies reused the order Idempotency-Key', async () => {
    const id = '01a217b3-8de9-8368-92fb-adf894e78855';
    await pool.query(
      `INSERT INTO orders (id, customer_id, currency, status, reject_reason, total_cents, placed_at, request_fingerprint)
       VALUES (?, 'customer-1', 'EUR', 'rejected', 'out_of_stock', 0, '2026-11-26 10:00:00.000', 'first')`,
      [id],
    );
    await pool.query(`INSERT INTO idempotency_conflicts (order_id, request_fingerprint, event) VALUES ?`, [
      [
        [id, 'second', '{}'],
        [id, 'third', '{}'],
      ],
    ]);
    const response = await fetch(`${intake.url}/orders/${id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ orderId: id, idempotencyConflicts: 2 });
  });

  it('answers 404 saying the order is not stored yet', async () => {
    const response = await fetch(`${intake.url}/orders/01a217b3-8de9-7368-92fb-000000000000`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('not stored (yet)');
  });

  it('answers 400 for an id that is not a UUID', async () => {
    expect((await fetch(`${intake.url}/orders/42`)).status).toBe(400);
  });
});
