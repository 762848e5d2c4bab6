import { createPool, type Pool } from 'mysql2/promise';
import { DEFAULT_OPENSEARCH_URL, envReader, loadStackConfig } from '@surge/config';
import { uniqueName } from './unique-name';

const get = envReader(process.env);
const { kafkaBrokers, mysqlUrl } = loadStackConfig(get);

/**
 * Where the integration tests find the stack `npm run stack:up` started, read
 * as the apps read it. Tests read the environment only here.
 */
export const testStack = {
  kafkaBrokers,
  mysqlUrl,
  /** The log store `npm run stack:up -- --with-logs` starts. */
  opensearchUrl: get('OPENSEARCH_URL').default(DEFAULT_OPENSEARCH_URL).asUrlString(),
  /** Installed by scripts/monitoring/ensure-prometheus.sh (Debian's prometheus package), which reads the same variables. */
  prometheusPath: get('PROMETHEUS_PATH').default('/usr/bin/prometheus').asString(),
  promtoolPath: get('PROMTOOL_PATH').default('/usr/bin/promtool').asString(),
  /** Installed by scripts/browser/ensure-chromium.sh (Debian's chromium). */
  chromiumPath: get('CHROMIUM_PATH').default('/usr/bin/chromium').asString(),
  /** Set in CI, where a missing tool fails a spec instead of skipping it. */
  ci: get('CI').default('').asString() !== '',
};

/**
 * The environment of a Surge app a spec starts as a child process: the test
 * stack, and an orders topic, dead-letter topic and consumer group that no
 * other test uses. Apps started with the same value share them.
 */
export function isolatedAppEnv(name: string, partitions: number) {
  const topic = uniqueName(`${name}-orders`);
  return {
    KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
    MYSQL_URL: testStack.mysqlUrl,
    ORDERS_TOPIC: topic,
    ORDERS_DLQ_TOPIC: `${topic}.dlq`,
    OUTCOMES_TOPIC: `${topic}.outcomes`,
    FULFILLMENT_GROUP: uniqueName(`${name}-fulfillment`),
    TOPIC_PARTITIONS: String(partitions),
    // Specs that test log shipping turn it on with a topic of their own.
    LOG_SHIPPING: 'off',
  };
}

/** A small pool for assertions on rows; end() it in afterAll. */
export function mysqlPool(url = testStack.mysqlUrl): Pool {
  return createPool({ uri: url, connectionLimit: 2, dateStrings: true, supportBigNumbers: true });
}

/** Empties the order tables so each test starts from the same state. */
export async function truncateOrderTables(pool: Pool): Promise<void> {
  const connection = await pool.getConnection();
  try {
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of [
      'idempotency_conflicts',
      'order_items',
      'orders',
      'inventory',
      'drain_control',
      'drain_members',
      'outbox',
      'notifications',
      'webhook_endpoints',
    ])
      await connection.query(`TRUNCATE TABLE ${table}`);
    await connection.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    connection.release();
  }
}
