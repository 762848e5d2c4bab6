import { parseOrderOutcome } from '@surge/contracts';
import { testStack, waitFor } from '@surge/testing';
import { createConnection } from 'mysql2/promise';
import { DrainHarness } from '../test-support/drain-harness';

const harness = new DrainHarness();

beforeEach(() => harness.setUp({ 'SKU-1': [1, 1000] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

describe('OrderWriter', () => {
  it('keeps what the locked stock decides when the stock moved after the rows were written from an unlocked read', async () => {
    const writer = await harness.writer();
    const order = harness.order([['SKU-1', 1]]);
    // Ops hold the stock row, then sell the last unit while the writer waits for it.
    const ops = await createConnection(testStack.mysqlUrl);
    try {
      await ops.beginTransaction();
      await ops.query('SELECT available FROM inventory WHERE sku = ? FOR UPDATE', ['SKU-1']);
      const [[own]] = (await ops.query(
        'SELECT trx_id FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()',
      )) as unknown as [Array<{ trx_id: string }>];
      const writing = writer.write([order]);
      // The writer has decided and written its rows from the unlocked read, and waits for the lock.
      await waitFor('the writer waiting for the stock row', async () => {
        const [waits] = (await ops.query(
          'SELECT 1 FROM information_schema.innodb_lock_waits WHERE blocking_trx_id = ?',
          [own.trx_id],
        )) as unknown as [unknown[]];
        return waits.length > 0;
      });
      await ops.query('UPDATE inventory SET available = 0 WHERE sku = ?', ['SKU-1']);
      await ops.commit();
      expect(await writing).toMatchObject({ fulfilled: 0, rejected: 1 });
    } finally {
      await ops.end();
    }

    expect(await harness.rows('SELECT id, status, reject_reason FROM orders')).toEqual([
      { id: order.orderId, status: 'rejected', reject_reason: 'out_of_stock' },
    ]);
    const outbox = await harness.rows<{ payload: string }>('SELECT payload FROM outbox');
    expect(outbox.map((row) => parseOrderOutcome(row.payload).status)).toEqual(['rejected']);
    expect(await harness.available('SKU-1')).toBe(0);
  });
});
