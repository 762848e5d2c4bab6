import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { OrderOutcome } from '../load/load-runner';
import { customerPrefix } from '../orders/order-factory';
import { idsToLookUp, judge, type AuditVerdict, type StoredFacts, type StoredOrder } from './audit-verdict';

const CHUNK = 1000;

/**
 * Reads what MySQL holds for this run, scoped to the run's own ids, customer
 * prefix and SKUs (other runs and tests share the tables), and judges it.
 * Parameterised SQL only.
 */
export async function auditRun(
  db: Pool,
  runId: string,
  outcomes: OrderOutcome[],
  stock: Map<string, number>,
): Promise<AuditVerdict> {
  const ids = idsToLookUp(outcomes);
  const orders = new Map<string, StoredOrder>();
  for (const chunk of chunks(ids)) {
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT o.id, o.status, o.reject_reason AS rejectReason, COUNT(oi.line_no) AS \`lines\`
         FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id
        WHERE o.id IN (?) GROUP BY o.id, o.status, o.reject_reason`,
      [chunk],
    );
    for (const r of rows)
      orders.set(r.id as string, { status: r.status, rejectReason: r.rejectReason, lines: Number(r.lines) });
  }

  const [prefixed] = await db.query<RowDataPacket[]>('SELECT id FROM orders WHERE customer_id LIKE ?', [
    `${escapeLike(customerPrefix(runId))}%`,
  ]);
  const known = new Set(ids);
  const strays = prefixed.map((r) => r.id as string).filter((id) => !known.has(id));

  const skuList = [...stock.keys()];
  const skus = new Map<string, { sold: number; left: number | null }>(
    skuList.map((sku) => [sku, { sold: 0, left: null }]),
  );
  if (skuList.length > 0) {
    const fulfilledIds = [...orders].filter(([, o]) => o.status === 'fulfilled').map(([id]) => id);
    for (const chunk of chunks(fulfilledIds)) {
      const [rows] = await db.query<RowDataPacket[]>(
        'SELECT sku, SUM(quantity) AS sold FROM order_items WHERE order_id IN (?) AND sku IN (?) GROUP BY sku',
        [chunk, skuList],
      );
      for (const r of rows) {
        const entry = skus.get(r.sku as string);
        if (entry) entry.sold += Number(r.sold);
      }
    }
    const [levels] = await db.query<RowDataPacket[]>('SELECT sku, available FROM inventory WHERE sku IN (?)', [
      skuList,
    ]);
    for (const r of levels) {
      const entry = skus.get(r.sku as string);
      if (entry) entry.left = Number(r.available);
    }
  }
  const facts: StoredFacts = { orders, strays, skus };
  return judge(outcomes, stock, facts);
}

/** How many of the accepted ids are stored yet: the drain watch's end condition. */
export async function countStored(db: Pool, ids: string[]): Promise<number> {
  let n = 0;
  for (const chunk of chunks(ids)) {
    const [rows] = await db.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM orders WHERE id IN (?)', [chunk]);
    n += Number(rows[0].n);
  }
  return n;
}

function* chunks<T>(list: T[]): Generator<T[]> {
  for (let i = 0; i < list.length; i += CHUNK) yield list.slice(i, i + CHUNK);
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
