import { envReader } from '@surge/config';
import { ORDERS_DLQ_TOPIC, ORDERS_TOPIC } from '@surge/contracts';
import { LOG_LEVELS, type LogLevel } from '@surge/observability';

export interface IntakeConfig {
  port: number;
  kafkaBrokers: string[];
  mysqlUrl: string;
  mysqlPoolSize: number;
  ordersTopic: string;
  deadLetterTopic: string;
  topicPartitions: number;
  topicReplicationFactor: number;
  produce: {
    lingerMs: number;
    maxBatchMessages: number;
    maxBatchBytes: number;
    maxInFlight: number;
    sendTimeoutMs: number;
    compression: 'none' | 'gzip';
  };
  /** Seconds a client is told to wait after a 503. */
  retryAfterSeconds: number;
  logLevel: LogLevel;
  /** Orders per client (IP) per minute before 429; 0 turns throttling off. */
  throttlePerMinute: number;
}

/** Read once at boot; a missing or malformed value throws an error naming the variable. */
export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const get = envReader(env);
  return {
    port: get('INTAKE_PORT').default('3000').asPortNumber(),
    kafkaBrokers: get('KAFKA_BROKERS').default('127.0.0.1:9092').asArray(','),
    mysqlUrl: get('MYSQL_URL').default('mysql://root@127.0.0.1:3306/surge').asUrlString(),
    mysqlPoolSize: get('INTAKE_MYSQL_POOL_SIZE').default('4').asCount(),
    ordersTopic: get('ORDERS_TOPIC').default(ORDERS_TOPIC).asString(),
    deadLetterTopic: get('ORDERS_DLQ_TOPIC').default(ORDERS_DLQ_TOPIC).asString(),
    topicPartitions: get('TOPIC_PARTITIONS').default('12').asCount(),
    topicReplicationFactor: get('TOPIC_REPLICATION_FACTOR').default('1').asCount(),
    produce: {
      lingerMs: get('PRODUCE_LINGER_MS').default('2').asIntPositive(),
      maxBatchMessages: get('PRODUCE_MAX_BATCH').default('1000').asCount(),
      maxBatchBytes: get('PRODUCE_MAX_BATCH_BYTES').default('1048576').asCount(),
      maxInFlight: get('PRODUCE_MAX_IN_FLIGHT').default('20000').asCount(),
      sendTimeoutMs: get('PRODUCE_TIMEOUT_MS').default('5000').asCount(),
      compression: get('PRODUCE_COMPRESSION').default('none').asEnum(['none', 'gzip']),
    },
    retryAfterSeconds: get('RETRY_AFTER_SECONDS').default('1').asCount(),
    logLevel: get('LOG_LEVEL').default('info').asEnum(LOG_LEVELS),
    throttlePerMinute: get('THROTTLE_PER_MINUTE').default('0').asIntPositive(),
  };
}
