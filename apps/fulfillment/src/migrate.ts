import { createConnection } from 'mysql2/promise';
import { createDataSource } from './data-source';
import { loadFulfillmentConfig } from './config';

/**
 * Creates the database if it is missing, then applies pending migrations.
 * Run by the stack script and the test setup; safe to run any number of times.
 */
export async function migrate(mysqlUrl: string): Promise<string[]> {
  const url = new URL(mysqlUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`MYSQL_URL names an invalid database "${database}"`);
  url.pathname = '/';
  const server = await createConnection(url.toString());
  try {
    // An identifier cannot be a parameter; the name was checked against a strict pattern above.
    await server.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await server.end();
  }
  const dataSource = createDataSource(mysqlUrl);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const { mysqlUrl } = loadFulfillmentConfig();
  migrate(mysqlUrl).then(
    (applied) => console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date'),
    (error: Error) => {
      console.error(`migration failed: ${error.message}`);
      process.exit(1);
    },
  );
}
