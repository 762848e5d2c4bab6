import { DEFAULT_FULFILLMENT_PORT, envReader, loadStackConfig, type StackConfig } from '@surge/config';
import { FULFILLMENT_GROUP, NOTIFICATIONS_DLQ_TOPIC, OUTCOMES_TOPIC } from '@surge/contracts';
import { DEFAULT_ADAPTIVE_RATE } from '@surge/pacing';
import type { DeadLetterTopics } from './dead-letters/dead-letter-topic';

export interface FulfillmentConfig extends StackConfig {
  port: number;
  /** Address health, metrics and the admin API listen on. */
  host: string;
  mysqlPoolSize: number;
  groupId: string;
  /** Where the outbox relay publishes each stored order's outcome. */
  outcomesTopic: string;
  /** Outbox rows one relay pass claims and publishes at most. */
  outboxBatchSize: number;
  /** How long the relay waits before looking again when the outbox was empty. */
  outboxPollMs: number;
  batchSize: number;
  partitionsConcurrency: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** Failed writes of a batch's dead letters before its partition is reported blocked (not ready). */
  deadLetterAttempts: number;
  /** Orders/s for the whole group when no instance has stored another value yet (0 = unlimited). */
  rateCeiling: number;
  targetLatencyMs: number;
  controlPollMs: number;
  /** Bearer token of the admin API; undefined = admin API off. */
  adminToken: string | undefined;
  /** Health warns once the oldest undrained order is this share of retention.ms old (0 < share < 1). */
  retentionWarningShare: number;
  /** How often the oldest undrained order's age, retention and group members are read from Kafka. */
  retentionCheckMs: number;
}

/** Read once at boot; a missing or malformed value throws an error naming the variable. */
export function loadFulfillmentConfig(env: NodeJS.ProcessEnv = process.env): FulfillmentConfig {
  const get = envReader(env);
  return {
    ...loadStackConfig(get),
    port: get('FULFILLMENT_PORT').default(String(DEFAULT_FULFILLMENT_PORT)).asPortNumber(),
    // Every interface, for probes and scrapes from outside a container; the
    // admin API is token-protected. 127.0.0.1 keeps a bare host's to itself.
    host: get('FULFILLMENT_HOST').default('0.0.0.0').asHost(),
    mysqlPoolSize: get('FULFILLMENT_MYSQL_POOL_SIZE').default('10').asCount(),
    groupId: get('FULFILLMENT_GROUP').default(FULFILLMENT_GROUP).asString(),
    outcomesTopic: get('OUTCOMES_TOPIC').default(OUTCOMES_TOPIC).asString(),
    outboxBatchSize: get('OUTBOX_BATCH_SIZE').default('500').asCount(),
    outboxPollMs: get('OUTBOX_POLL_MS').default('200').asCount(),
    batchSize: get('DRAIN_BATCH_SIZE').default('500').asCount(),
    partitionsConcurrency: get('DRAIN_PARTITIONS_CONCURRENCY').default('4').asCount(),
    retryInitialMs: get('DRAIN_RETRY_INITIAL_MS').default('200').asCount(),
    retryMaxMs: get('DRAIN_RETRY_MAX_MS').default('10000').asCount(),
    deadLetterAttempts: get('DRAIN_DEAD_LETTER_ATTEMPTS').default('5').asCount(),
    rateCeiling: get('DRAIN_RATE_PER_SECOND').default('2000').asIntPositive(),
    targetLatencyMs: get('DRAIN_TARGET_LATENCY_MS').default(String(DEFAULT_ADAPTIVE_RATE.targetLatencyMs)).asCount(),
    controlPollMs: get('DRAIN_CONTROL_POLL_MS').default('1000').asCount(),
    // No default: a secret is configured or the admin API stays off.
    adminToken: get('ADMIN_TOKEN').asSecret(),
    retentionWarningShare: get('RETENTION_WARNING_SHARE').default('0.5').asShare(),
    retentionCheckMs: get('RETENTION_CHECK_INTERVAL_MS').default('15000').asCount(),
  };
}

export interface DeadLetterToolConfig extends StackConfig {
  outcomesTopic: string;
  notificationsDeadLetterTopic: string;
}

/** What `npm run dlq` reads, the same way the apps do: the brokers, the two dead-letter topics and their sources. */
export function loadDeadLetterToolConfig(env: NodeJS.ProcessEnv = process.env): DeadLetterToolConfig {
  const get = envReader(env);
  return {
    ...loadStackConfig(get),
    outcomesTopic: get('OUTCOMES_TOPIC').default(OUTCOMES_TOPIC).asString(),
    notificationsDeadLetterTopic: get('NOTIFICATIONS_DLQ_TOPIC').default(NOTIFICATIONS_DLQ_TOPIC).asString(),
  };
}

/**
 * The dead-letter topic a command acts on and where its replays go: the
 * orders one by default, or the notifications one; nothing else.
 */
export function deadLetterTopicsFor(config: DeadLetterToolConfig, topic?: string): DeadLetterTopics | string {
  if (topic === undefined || topic === config.deadLetterTopic) return config;
  if (topic === config.notificationsDeadLetterTopic) {
    return { ordersTopic: config.outcomesTopic, deadLetterTopic: config.notificationsDeadLetterTopic };
  }
  return (
    `--topic must be ${config.deadLetterTopic} (ORDERS_DLQ_TOPIC) or ` +
    `${config.notificationsDeadLetterTopic} (NOTIFICATIONS_DLQ_TOPIC), not ${topic}`
  );
}
