import { LOGS_TOPIC, ORDERS_DLQ_TOPIC, ORDERS_TOPIC } from '@surge/contracts';
import { LOG_LEVELS, type LogLevel, type LogShippingSettings } from '@surge/observability';
import { DEFAULT_KAFKA_BROKERS, DEFAULT_MYSQL_URL } from './defaults';
import type { envReader } from './env-reader';

/** What both apps read the same way: where the broker and database are, the topics, logging. */
export interface StackConfig {
  kafkaBrokers: string[];
  mysqlUrl: string;
  ordersTopic: string;
  deadLetterTopic: string;
  topicPartitions: number;
  topicReplicationFactor: number;
  logLevel: LogLevel;
  /** Provisioned with the order topics (3 days of retention), whether this app ships or not. */
  logsTopic: string;
  /** Undefined when LOG_SHIPPING=off: lines go to stdout alone. */
  logShipping: LogShippingSettings | undefined;
}

export function loadStackConfig(get: ReturnType<typeof envReader>): StackConfig {
  const kafkaBrokers = get('KAFKA_BROKERS').default(DEFAULT_KAFKA_BROKERS).asArray(',');
  const logsTopic = get('LOGS_TOPIC').default(LOGS_TOPIC).asString();
  return {
    kafkaBrokers,
    mysqlUrl: get('MYSQL_URL').default(DEFAULT_MYSQL_URL).asUrlString(),
    ordersTopic: get('ORDERS_TOPIC').default(ORDERS_TOPIC).asString(),
    deadLetterTopic: get('ORDERS_DLQ_TOPIC').default(ORDERS_DLQ_TOPIC).asString(),
    topicPartitions: get('TOPIC_PARTITIONS').default('12').asCount(),
    topicReplicationFactor: get('TOPIC_REPLICATION_FACTOR').default('1').asCount(),
    logLevel: get('LOG_LEVEL').default('info').asEnum(LOG_LEVELS),
    logsTopic,
    logShipping: logShipping(get, kafkaBrokers, logsTopic),
  };
}

/**
 * On by default: every Surge deployment has the broker the lines go to, and
 * shipping can neither slow nor fail an app (it drops and counts instead).
 */
function logShipping(
  get: ReturnType<typeof envReader>,
  kafkaBrokers: string[],
  topic: string,
): LogShippingSettings | undefined {
  if (get('LOG_SHIPPING').default('on').asEnum(['on', 'off']) === 'off') return undefined;
  return {
    brokers: get('LOG_SHIPPING_BROKERS').default(kafkaBrokers.join(',')).asArray(','),
    topic,
    batchLines: get('LOG_SHIPPING_BATCH_LINES').default('500').asCount(),
    lingerMs: get('LOG_SHIPPING_LINGER_MS').default('250').asCount(),
    queueLines: get('LOG_SHIPPING_QUEUE_LINES').default('20000').asCount(),
    compression: get('LOG_SHIPPING_COMPRESSION').default('gzip').asEnum(['none', 'gzip']),
  };
}
