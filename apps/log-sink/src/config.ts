import {
  DEFAULT_LOG_SINK_PORT,
  DEFAULT_OPENSEARCH_URL,
  envReader,
  loadStackConfig,
  type StackConfig,
} from '@surge/config';
import { LOG_SINK_GROUP, LOGS_DLQ_TOPIC } from '@surge/contracts';
import { DEFAULT_LOG_INDEX_PREFIX, LOG_INDEX_PREFIX_PATTERN } from '@surge/log-store';

/** Where the log store is: what the sink writes and the CLIs read. */
export interface LogStoreConfig {
  opensearchUrl: string;
  /** Daily indices are `<prefix>-YYYY.MM.DD`. */
  logIndexPrefix: string;
}

export interface LogSinkConfig extends StackConfig, LogStoreConfig {
  port: number;
  /** Address health and metrics listen on. */
  host: string;
  groupId: string;
  /** Where lines the store refuses (or that are no log record) go. */
  logsDeadLetterTopic: string;
  /** Failed dead-letter writes after which a partition is reported blocked. */
  deadLetterAttempts: number;
  /** Most messages (of many lines each) in one bulk write. */
  batchSize: number;
  partitionsConcurrency: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** Days a line is kept in the store; older daily indices are deleted. */
  retentionDays: number;
  /** How often the retention looks for indices to delete. */
  retentionIntervalMs: number;
}

type EnvGet = ReturnType<typeof envReader>;

function loadLogStoreConfig(get: EnvGet): LogStoreConfig {
  const logIndexPrefix = get('LOG_INDEX_PREFIX').default(DEFAULT_LOG_INDEX_PREFIX).asString();
  if (!LOG_INDEX_PREFIX_PATTERN.test(logIndexPrefix)) {
    throw new Error(
      'env-var: "LOG_INDEX_PREFIX" should be lowercase letters, digits, "-" or "_", starting with a letter or digit',
    );
  }
  return {
    opensearchUrl: get('OPENSEARCH_URL').default(DEFAULT_OPENSEARCH_URL).asUrlString(),
    logIndexPrefix,
  };
}

/** Read once at boot; a missing or malformed value throws an error naming the variable. */
export function loadLogSinkConfig(env: NodeJS.ProcessEnv = process.env): LogSinkConfig {
  const get = envReader(env);
  return {
    ...loadStackConfig(get),
    ...loadLogStoreConfig(get),
    port: get('LOG_SINK_PORT').default(String(DEFAULT_LOG_SINK_PORT)).asPortNumber(),
    host: get('LOG_SINK_HOST').default('0.0.0.0').asHost(),
    groupId: get('LOG_SINK_GROUP').default(LOG_SINK_GROUP).asString(),
    logsDeadLetterTopic: get('LOGS_DLQ_TOPIC').default(LOGS_DLQ_TOPIC).asString(),
    deadLetterAttempts: get('LOG_SINK_DEAD_LETTER_ATTEMPTS').default('5').asCount(),
    // Messages, each of up to LOG_SHIPPING_BATCH_LINES (500) lines: about 10,000 lines a bulk write.
    batchSize: get('LOG_SINK_BATCH_SIZE').default('20').asCount(),
    partitionsConcurrency: get('LOG_SINK_PARTITIONS_CONCURRENCY').default('4').asCount(),
    retryInitialMs: get('LOG_SINK_RETRY_INITIAL_MS').default('500').asCount(),
    retryMaxMs: get('LOG_SINK_RETRY_MAX_MS').default('30000').asCount(),
    retentionDays: get('LOG_RETENTION_DAYS').default('7').asCount(),
    retentionIntervalMs: get('LOG_RETENTION_INTERVAL_MS')
      .default(String(60 * 60 * 1000))
      .asCount(),
  };
}

/** What `npm run trace` and `npm run logs` read: the store only. */
export function loadLogToolConfig(env: NodeJS.ProcessEnv = process.env): LogStoreConfig {
  return loadLogStoreConfig(envReader(env));
}
