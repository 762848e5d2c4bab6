import { randomUUID } from 'node:crypto';
import type { OrderPlacedEvent } from '@surge/contracts';
import { mysqlPool, testStack, truncateOrderTables, waitFor } from '@surge/testing';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { OrderWriter } from './order-writer.service';

const pool = mysqlPool();
let dataSource: DataSource;

beforeAll(async () => {
  dataSource = await createDataSource(testStack.mysqlUrl, 2).initialize();
});
beforeEach(() => truncateOrderTables(pool));
afterAll(async () => {
  await dataSource.destroy();
  await pool.end();
});

const order = (sku: string): OrderPlacedEvent => ({
  schema: 'order.placed',
  version: 1,
  orderId: randomUUID(),
  customerId: `shopper-${sku}`,
  currency: 'EUR',
  items: [{ sku, quantity: 1 }],
  placedAt: new Date().toISOString(),
});

describe('stock row locks', () => {
  it("a batch locks and updates only its own SKUs' rows, so a row another batch holds does not stop it", async () => {
    // A small table and a batch naming half of it: the shape in which the optimizer would rather scan every row.
    const skus = Array.from({ length: 100 }, (_, i) => `LOCK-${String(i).padStart(3, '0')}`);
    await pool.query('INSERT INTO inventory (sku, available, price_cents) VALUES ?', [
      skus.map((sku) => [sku, 1000, 100]),
    ]);
    const other = await pool.getConnection();
    await other.beginTransaction();
    // Another batch's lock, on the first SKU, which this batch does not order.
    await other.query('SELECT sku FROM inventory WHERE sku = ? FOR UPDATE', [skus[0]]);
    let written = false;
    const write = new OrderWriter(dataSource).write(skus.filter((_, i) => i % 2 === 1).map(order)).then((summary) => {
      written = true;
      return summary;
    });
    try {
      // A scan that reached the held row would wait for it (innodb_lock_wait_timeout, 50 s by default).
      await waitFor('the batch to commit while a row outside it is locked', () => written, { timeoutMs: 5000 });
      expect(await write).toMatchObject({ fulfilled: 50, rejected: 0 });
    } finally {
      await other.rollback();
      other.release();
      await write.catch(() => undefined);
    }
  });
});
