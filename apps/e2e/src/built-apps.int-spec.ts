import { existsSync } from 'node:fs';
import { createKafka } from '@surge/kafka';
import { deleteTopics, readLogRecords, STOREFRONT_TRACE } from '@surge/kafka-testing';
import { AppProcess, freePort, launchApp, mysqlPool, testStack, uniqueName, waitFor } from '@surge/testing';
import type { RowDataPacket } from 'mysql2/promise';
import { distPath } from './test-support/production-build';

/**
 * The production build, run as the image runs it: dist/apps/<app>/main.js
 * through the launcher with SURGE_RUN=dist, no TypeScript loader. An order
 * goes in over HTTP and must end as exactly one fulfilled row in MySQL.
 */
describe('the built apps', () => {
  const topic = uniqueName('e2e-orders');
  const adminToken = uniqueName('e2e-admin-token');
  const sku = uniqueName('E2E-SKU');
  const env = {
    SURGE_RUN: 'dist',
    KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
    MYSQL_URL: testStack.mysqlUrl,
    ORDERS_TOPIC: topic,
    ORDERS_DLQ_TOPIC: `${topic}.dlq`,
    OUTCOMES_TOPIC: `${topic}.outcomes`,
    // Shipping on, as in production: the built apps load their log shipping worker; to a topic of this spec's.
    LOGS_TOPIC: `${topic}.logs`,
    FULFILLMENT_GROUP: uniqueName('e2e-fulfillment'),
    TOPIC_PARTITIONS: '3',
    ADMIN_TOKEN: adminToken,
    DRAIN_RATE_PER_SECOND: '0',
    // At info the order's steps are logged (and shipped); the lines are kept and shown only if a spec fails.
    LOG_LEVEL: 'info',
  };
  const pool = mysqlPool();
  const kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'e2e-spec' });
  let fulfillment: AppProcess;
  let intake: AppProcess;

  beforeAll(async () => {
    for (const app of ['order-intake', 'fulfillment'] as const) {
      if (!existsSync(distPath(app, 'main.js'))) throw new Error(`build the apps first: npx nx build ${app}`);
    }
    // Fulfillment first: it creates the topics intake produces to.
    fulfillment = await launchApp(AppProcess.surgeApp('fulfillment', await freePort(), env));
    intake = await launchApp(AppProcess.surgeApp('order-intake', await freePort(), env));
  });

  afterAll(async () => {
    await Promise.all([intake?.stop(), fulfillment?.stop()]);
    await deleteTopics(kafka, [topic, `${topic}.dlq`, `${topic}.outcomes`, `${topic}.logs`]);
    await pool.end();
  });

  it('serves the ops console with its assets from the build', async () => {
    const page = await fetch(`${fulfillment.url}/console`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('console.js');
    for (const asset of ['console.js', 'uPlot.iife.min.js']) {
      expect((await fetch(`${fulfillment.url}/console/${asset}`)).status).toBe(200);
    }
  });

  it('takes an order from intake through Kafka and fulfillment into MySQL, once', async () => {
    const stocked = await fetch(`${fulfillment.url}/admin/inventory/${sku}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ available: 5, priceCents: 1999 }),
    });
    expect(stocked.status).toBe(200);

    const placed = await fetch(`${intake.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: uniqueName('e2e-customer'), currency: 'EUR', items: [{ sku, quantity: 2 }] }),
    });
    expect(placed.status).toBe(202);
    const { orderId } = (await placed.json()) as { orderId: string };

    const [row] = await waitFor(`order ${orderId} in MySQL`, async () => {
      const [rows] = await pool.query<RowDataPacket[]>('SELECT status, total_cents FROM orders WHERE id = ?', [
        orderId,
      ]);
      return rows.length > 0 && rows;
    });
    expect(row).toMatchObject({ status: 'fulfilled' });
    const [[stock]] = await pool.query<RowDataPacket[]>('SELECT available FROM inventory WHERE sku = ?', [sku]);
    expect(stock.available).toBe(3);
    // The intake reads it back through its own MySQL connection, from the build too.
    const stored = await fetch(`${intake.url}/orders/${orderId}`);
    expect(await stored.json()).toMatchObject({ orderId, status: 'fulfilled', items: [{ sku, quantity: 2 }] });
  });

  it("ships both apps' lines of an order to the logs topic, under the storefront's trace", async () => {
    const placed = await fetch(`${intake.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: STOREFRONT_TRACE.traceparent },
      body: JSON.stringify({ customerId: uniqueName('e2e-customer'), currency: 'EUR', items: [{ sku, quantity: 1 }] }),
    });
    expect(placed.status).toBe(202);
    const { orderId } = (await placed.json()) as { orderId: string };

    const steps = await waitFor(`the steps of ${orderId} on ${topic}.logs`, async () => {
      const lines = (await readLogRecords(kafka, `${topic}.logs`)).filter((r) => r.orderId === orderId && r.step);
      return lines.length >= 2 && lines;
    });
    expect(
      steps.map(({ app, step, traceId }) => ({ app, step, traceId })).sort((a, b) => a.app.localeCompare(b.app)),
    ).toEqual([
      { app: 'fulfillment', step: 'order.stored', traceId: STOREFRONT_TRACE.traceId },
      { app: 'order-intake', step: 'order.produced', traceId: STOREFRONT_TRACE.traceId },
    ]);
  });
});
