import { createConnection } from 'mysql2/promise';
import { testStack } from './test-stack';

/**
 * Fails the integration run at once, with what to do, when the stack is not
 * up, instead of letting every test time out one by one.
 */
export default async function globalSetup(): Promise<void> {
  const connection = await createConnection(testStack.mysqlUrl).catch((error: Error) => {
    throw new Error(`integration tests need MySQL at MYSQL_URL (${error.message}); run: npm run stack:up`);
  });
  try {
    await connection.query('SELECT 1 FROM orders LIMIT 1').catch(() => {
      throw new Error('the surge schema is missing; run: npm run stack:up');
    });
  } finally {
    await connection.end();
  }
}
