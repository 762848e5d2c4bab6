import { availableParallelism } from 'node:os';
import { DEFAULT_INTAKE_PORT, envReader, loadStackConfig, type StackConfig } from '@surge/config';
import type { BatchingProducerOptions } from '@surge/kafka';
import type { LoadShedding } from './network/load-shedding';

export interface IntakeConfig extends StackConfig {
  port: number;
  /** Address the orders API listens on. */
  host: string;
  /** Where /metrics and /docs are served apart from the orders API; undefined = on `port` with it. */
  internal: { port: number; host: string } | undefined;
  http: HttpLimits;
  /** Processes serving the port (node:cluster); 1 runs intake in this process alone. */
  workers: number;
  /** Pause before replacing a worker that crashed after it had served, so a crash loop does not spin. */
  workerRestartDelayMs: number;
  mysqlPoolSize: number;
  produce: BatchingProducerOptions;
  /** Seconds a client is told to wait after a 503. */
  retryAfterSeconds: number;
  /** When a saturated worker answers POST /orders 503 rather than queue it. */
  loadShedding: LoadShedding;
  /** Orders per client (IP) per minute before 429; 0 turns throttling off. */
  throttlePerMinute: number;
  /** How long, and for how many keys at most, an Idempotency-Key stays bound to its first request here. */
  idempotencyWindow: { ms: number; keys: number };
}

/** What a client may take of intake's sockets, so slow or stalled ones are cut off. */
export interface HttpLimits {
  /** Whole request headers must arrive within it. */
  headersTimeoutMs: number;
  /** Whole request (headers and body) must arrive within it. */
  requestTimeoutMs: number;
  /** An idle keep-alive socket is closed after it. */
  keepAliveTimeoutMs: number;
  /** Open sockets at most; more are refused at once. */
  maxConnections: number;
}

/** Read once at boot; a missing or malformed value throws an error naming the variable. */
export function loadIntakeConfig(env: NodeJS.ProcessEnv = process.env): IntakeConfig {
  const get = envReader(env);
  const host = get('INTAKE_HOST').default('0.0.0.0').asHost();
  const internalPort = get('INTAKE_INTERNAL_PORT').asPortNumber();
  return {
    ...loadStackConfig(get),
    port: get('INTAKE_PORT').default(String(DEFAULT_INTAKE_PORT)).asPortNumber(),
    // Every interface, as a container or a VM behind a load balancer needs;
    // 127.0.0.1 keeps a bare host's intake to local clients.
    host,
    internal:
      internalPort === undefined
        ? undefined
        : { port: internalPort, host: get('INTAKE_INTERNAL_HOST').default(host).asHost() },
    http: httpLimits(get),
    workers: get('INTAKE_WORKERS').default(String(availableParallelism())).asCount(),
    workerRestartDelayMs: get('INTAKE_WORKER_RESTART_DELAY_MS').default('1000').asIntPositive(),
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
    loadShedding: loadShedding(get),
    throttlePerMinute: get('THROTTLE_PER_MINUTE').default('0').asIntPositive(),
    idempotencyWindow: {
      ms: get('IDEMPOTENCY_WINDOW_MS').default('600000').asCount(),
      keys: get('IDEMPOTENCY_WINDOW_KEYS').default('100000').asCount(),
    },
  };
}

function loadShedding(get: ReturnType<typeof envReader>): LoadShedding {
  const maxEventLoopUtilization = get('INTAKE_MAX_EVENT_LOOP_UTILIZATION').default('0').asFloatPositive();
  // 1 would never be exceeded: a threshold that can never trip is "off", which is 0.
  if (maxEventLoopUtilization >= 1) {
    throw new Error('INTAKE_MAX_EVENT_LOOP_UTILIZATION should be below 1, e.g. 0.95 (0 = off)');
  }
  return {
    // A mean delay of 100 ms means every order waits behind a tenth of a second
    // of others; one GC pause, averaged over a sample, stays far below it.
    maxEventLoopDelayMs: get('INTAKE_MAX_EVENT_LOOP_DELAY_MS').default('100').asIntPositive(),
    // Off: a worker running flat out but keeping up is near 1 too; the delay tells the two apart.
    maxEventLoopUtilization,
  };
}

function httpLimits(get: ReturnType<typeof envReader>): HttpLimits {
  const limits = {
    headersTimeoutMs: get('INTAKE_HEADERS_TIMEOUT_MS').default('10000').asCount(),
    requestTimeoutMs: get('INTAKE_REQUEST_TIMEOUT_MS').default('30000').asCount(),
    // Longer than the 60 s idle timeout of common load balancers, so they close first.
    keepAliveTimeoutMs: get('INTAKE_KEEP_ALIVE_TIMEOUT_MS').default('72000').asCount(),
    maxConnections: get('INTAKE_MAX_CONNECTIONS').default('10000').asCount(),
  };
  // Node refuses to create a server otherwise, with a message that names neither.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error('INTAKE_HEADERS_TIMEOUT_MS must not exceed INTAKE_REQUEST_TIMEOUT_MS');
  }
  return limits;
}
