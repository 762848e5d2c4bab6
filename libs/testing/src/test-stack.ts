import { createPool, type Pool } from 'mysql2/promise';

/**
 * Where the integration tests find the stack `npm run stack:up` started.
 * Tests read the environment only here.
 */
export const testStack = {
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  mysqlUrl: process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/surge',
};

/** A small pool for assertions on rows; end() it in afterAll. */
export function mysqlPool(url = testStack.mysqlUrl): Pool {
  return createPool({ uri: url, connectionLimit: 2, dateStrings: true, supportBigNumbers: true });
}

/** Empties the order tables so each test starts from the same state. */
export async function truncateOrderTables(pool: Pool): Promise<void> {
  const connection = await pool.getConnection();
  try {
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of ['order_items', 'orders', 'inventory', 'drain_control'])
      await connection.query(`TRUNCATE TABLE ${table}`);
    await connection.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    connection.release();
  }
}
