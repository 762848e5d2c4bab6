import { newOrderId } from '@surge/contracts';
import { createPool } from 'mysql2/promise';

export interface CeilingSettings {
  orders: number;
  /** Connections writing at once, each its own transactions. */
  connections: number;
  ordersPerTransaction: number;
  skus: string[];
}

/**
 * The drain's ceiling: the rows the drain stores (1 order + 2 lines), written
 * with nothing else: multi-row INSERTs of `ordersPerTransaction` orders per
 * transaction, time-ordered ids (UUIDv7, like intake's), no Kafka, no stock
 * reservation, no duplicate check. Returns orders per second; the rows stay
 * for the caller to count and to clear.
 */
export async function insertCeiling(mysqlUrl: string, settings: CeilingSettings): Promise<number> {
  const db = createPool({ uri: mysqlUrl, connectionLimit: settings.connections });
  let next = 0;
  const placedAt = new Date();
  const writer = async (): Promise<void> => {
    const connection = await db.getConnection();
    try {
      while (next < settings.orders) {
        const from = next;
        next = Math.min(settings.orders, next + settings.ordersPerTransaction);
        const orders: unknown[][] = [];
        const lines: unknown[][] = [];
        for (let i = from; i < next; i++) {
          const id = newOrderId();
          orders.push([id, `bench-${i % 5000}`, 'EUR', 'fulfilled', null, 3000, placedAt]);
          lines.push([id, 1, settings.skus[(i * 7) % settings.skus.length], 1, 1000]);
          lines.push([id, 2, settings.skus[(i * 7 + 13) % settings.skus.length], 2, 1000]);
        }
        await connection.beginTransaction();
        await connection.query(
          'INSERT INTO orders (id, customer_id, currency, status, reject_reason, total_cents, placed_at) VALUES ?',
          [orders],
        );
        await connection.query(
          'INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price_cents) VALUES ?',
          [lines],
        );
        await connection.commit();
      }
    } finally {
      connection.release();
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: settings.connections }, writer));
  } finally {
    await db.end();
  }
  return settings.orders / ((performance.now() - started) / 1000);
}
