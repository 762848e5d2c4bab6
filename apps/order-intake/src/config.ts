import { DEFAULT_INTAKE_PORT, envReader, loadStackConfig, type StackConfig } from '@surge/config';
import type { BatchingProducerOptions } from '@surge/kafka';

export interface IntakeConfig extends StackConfig {
  port: number;
  mysqlPoolSize: number;
  produce: BatchingProducerOptions;
  /** Seconds a client is told to wait after a 503. */
  retryAfterSeconds: number;
  /** Orders per client (IP) per minute before 429; 0 turns throttling off. */
  throttlePerMinute: number;
  /** How long, and for how many keys at most, an Idempotency-Key stays bound to its first request here. */
  idempotencyWindow: { ms: number; keys: number };
}

/** Read once at boot; a missing or malformed value throws an error naming the variable. */
export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const get = envReader(env);
  return {
    ...loadStackConfig(get),
    port: get('INTAKE_PORT').default(String(DEFAULT_INTAKE_PORT)).asPortNumber(),
    mysqlPoolSize: get('INTAKE_MYSQL_POOL_SIZE').default('4').asCount(),
    produce: {
      lingerMs: get('PRODUCE_LINGER_MS').default('2').asIntPositive(),
      maxBatchMessages: get('PRODUCE_MAX_BATCH').default('1000').asCount(),
      maxBatchBytes: get('PRODUCE_MAX_BATCH_BYTES').default('1048576').asCount(),
      maxInFlight: get('PRODUCE_MAX_IN_FLIGHT').default('20000').asCount(),
      sendTimeoutMs: get('PRODUCE_TIMEOUT_MS').default('5000').asCount(),
      compression: get('PRODUCE_COMPRESSION').default('none').asEnum(['none', 'gzip']),
    },
    retryAfterSeconds: get('RETRY_AFTER_SECONDS').default('1').asCount(),
    throttlePerMinute: get('THROTTLE_PER_MINUTE').default('0').asIntPositive(),
    idempotencyWindow: {
      ms: get('IDEMPOTENCY_WINDOW_MS').default('600000').asCount(),
      keys: get('IDEMPOTENCY_WINDOW_KEYS').default('100000').asCount(),
    },
  };
}
