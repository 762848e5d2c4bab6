import {
  EVENT_ID_HEADER,
  outcomeEventId,
  parseOrderOutcome,
  type OrderOutcomeEvent,
  type OrderPlacedEvent,
} from '@surge/contracts';
import { countMessages, readTopic } from '@surge/kafka-testing';
import { waitFor } from '@surge/testing';
import type { OrderWriter } from '../orders/order-writer.service';
import { DrainHarness } from '../test-support/drain-harness';

const harness = new DrainHarness();
let writer: OrderWriter;

beforeAll(async () => (writer = await harness.writer()));
beforeEach(() => harness.setUp({ 'SKU-1': [3, 1000], 'SKU-2': [100, 250] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

const outbox = () =>
  harness.rows<{ event_id: string; order_id: string; payload: string }>(
    'SELECT event_id, order_id, payload FROM outbox ORDER BY seq',
  );

async function outcomesOn(topic: string, count: number): Promise<OrderOutcomeEvent[]> {
  await waitFor(`${count} outcomes on ${topic}`, async () => (await countMessages(harness.kafka, topic)) >= count);
  const messages = await readTopic(harness.kafka, topic);
  for (const m of messages) {
    const event = parseOrderOutcome(m.value);
    expect({ key: m.key?.toString(), eventId: m.headers[EVENT_ID_HEADER] }).toEqual({
      key: event.orderId,
      eventId: event.eventId,
    });
  }
  return messages.map((m) => parseOrderOutcome(m.value));
}

describe('the outbox', () => {
  it('holds one outcome per stored order, written with it, and nothing more on redelivery', async () => {
    const fulfilled: OrderPlacedEvent = {
      ...harness.order([['SKU-2', 2]]),
      contact: { email: 'ana@example.com', phone: '+33612345678' },
    };
    const outOfStock = harness.order([['SKU-1', 4]]);
    const unknown = harness.order([['SKU-9', 1]]);
    expect(await writer.write([fulfilled, outOfStock, unknown])).toMatchObject({ fulfilled: 1, rejected: 2 });
    expect(await writer.write([fulfilled, outOfStock, unknown])).toMatchObject({ fulfilled: 0, duplicates: 3 });

    const rows = await outbox();
    expect(rows.map((r) => r.order_id).sort()).toEqual([fulfilled, outOfStock, unknown].map((e) => e.orderId).sort());
    const events = new Map(rows.map((r) => [r.order_id, parseOrderOutcome(Buffer.from(r.payload))]));
    for (const row of rows) expect(row.event_id).toBe(outcomeEventId(row.order_id));
    expect(events.get(fulfilled.orderId)).toMatchObject({
      status: 'fulfilled',
      rejectReason: null,
      totalCents: 500,
      lines: [{ sku: 'SKU-2', quantity: 2, unitPriceCents: 250 }],
      contact: fulfilled.contact,
      placedAt: fulfilled.placedAt,
    });
    expect(events.get(outOfStock.orderId)).toMatchObject({ status: 'rejected', rejectReason: 'out_of_stock' });
    expect(events.get(outOfStock.orderId)).not.toHaveProperty('contact');
    expect(events.get(unknown.orderId)).toMatchObject({
      status: 'rejected',
      rejectReason: 'unknown_sku',
      lines: [{ sku: 'SKU-9', quantity: 1, unitPriceCents: null }],
    });
    // The stored status and the event's agree.
    for (const order of await harness.rows<{ id: string; status: string }>('SELECT id, status FROM orders')) {
      expect(events.get(order.id)?.status).toBe(order.status);
    }
  });

  it('commits the orders and their events together or neither: an event that cannot be written rolls the orders back', async () => {
    const first = harness.order([['SKU-2', 1]]);
    const second = harness.order([['SKU-2', 5]]);
    // A row already holding the second order's event id: the outbox insert fails on its unique key.
    const eventId = outcomeEventId(second.orderId);
    await harness.rows('INSERT INTO outbox (event_id, order_id, payload) VALUES (?, ?, ?)', [
      eventId,
      second.orderId,
      '{}',
    ]);

    await expect(writer.write([first, second])).rejects.toThrow(/Duplicate entry/);

    expect(await harness.storedCount()).toBe(0);
    expect(await harness.rows('SELECT COUNT(*) AS n FROM order_items')).toEqual([{ n: 0 }]);
    expect(await harness.available('SKU-2')).toBe(100);
    expect((await outbox()).map((r) => r.event_id)).toEqual([eventId]);
  });

  it('is published by a running fulfillment: every drained order has its outcome on the topic, and the outbox empties', async () => {
    const drain = await harness.start();
    const orders = [
      ...Array.from({ length: 20 }, () => harness.order([['SKU-2', 1]])),
      ...Array.from({ length: 5 }, () => harness.order([['SKU-1', 1]])),
    ];
    await harness.publish(drain.config.ordersTopic, orders);
    const events = await outcomesOn(drain.config.outcomesTopic, orders.length);

    expect(events.map((e) => e.orderId).sort()).toEqual(orders.map((o) => o.orderId).sort());
    expect(events.filter((e) => e.status === 'rejected')).toHaveLength(2);
    await waitFor('the outbox emptied', async () => (await outbox()).length === 0);
  });

  it('publishes after a restart what was committed while no relay ran', async () => {
    // Stored with no fulfillment running: as if the instance died between commit and publish.
    const orders = Array.from({ length: 12 }, () => harness.order([['SKU-2', 1]]));
    await writer.write(orders);
    expect(await outbox()).toHaveLength(12);

    const drain = await harness.start();
    const events = await outcomesOn(drain.config.outcomesTopic, orders.length);

    expect(events.map((e) => e.orderId).sort()).toEqual(orders.map((o) => o.orderId).sort());
    await waitFor('the outbox emptied', async () => (await outbox()).length === 0);
  });
});
