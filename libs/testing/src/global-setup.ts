import { createConnection } from 'mysql2/promise';
// Jest loads globalSetup without moduleNameMapper (jestjs/jest#11644): the
// @surge/config alias does not resolve here, so this takes the one file of it
// that imports nothing.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { DEFAULT_MYSQL_URL } from '../../config/src/defaults';

/**
 * Fails the integration run at once, with what to do, when the stack is not
 * up, instead of letting every test time out one by one.
 */
export default async function globalSetup(): Promise<void> {
  const connection = await createConnection(process.env.MYSQL_URL ?? DEFAULT_MYSQL_URL).catch((error: Error) => {
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
