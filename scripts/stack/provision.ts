import { createConnection } from 'mysql2/promise';
import { Logger } from '@nestjs/common';
import { orderTopicSpecs } from '@surge/contracts';
import { createKafka, provisionTopics } from '@surge/kafka';
import { loadFulfillmentConfig } from '../../apps/fulfillment/src/config';
import { migrate } from '../../apps/fulfillment/src/migrate';
import { MIGRATIONS } from '../../apps/fulfillment/src/data-source';

/**
 * `up`: create the database and apply migrations, then create the topics.
 * `--status`: say what is there without changing anything.
 * `--mysql-address`: print the host and port of MYSQL_URL (stack.sh starts a local server there).
 */
async function main(): Promise<void> {
  const config = loadFulfillmentConfig();
  if (process.argv.includes('--mysql-address')) {
    const { hostname, port } = new URL(config.mysqlUrl);
    console.log(hostname, port || 3306);
    return;
  }
  const safeUrl = config.mysqlUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  if (process.argv.includes('--status')) {
    const connection = await createConnection(config.mysqlUrl).catch((error: Error) => {
      throw new Error(`mysql not reachable at ${safeUrl}: ${error.message}`);
    });
    try {
      const [rows] = await connection.query('SELECT COUNT(*) AS applied FROM migrations');
      const applied = Number((rows as Array<{ applied: number }>)[0].applied);
      console.log(`mysql ready at ${safeUrl} (${applied}/${MIGRATIONS.length} migrations applied)`);
    } finally {
      await connection.end();
    }
    return;
  }
  Logger.overrideLogger(['error', 'warn', 'log']);
  const applied = await migrate(config.mysqlUrl);
  console.log(`mysql ready at ${safeUrl} (${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'})`);
  await provisionTopics(
    createKafka({ brokers: config.kafkaBrokers, clientId: 'surge-stack' }),
    orderTopicSpecs(config),
  );
  console.log(
    `topics ${config.ordersTopic}, ${config.deadLetterTopic} and ${config.outcomesTopic} ready on ${config.kafkaBrokers.join(',')}`,
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
