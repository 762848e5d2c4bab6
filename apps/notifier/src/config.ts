import { DEFAULT_NOTIFIER_PORT, DEFAULT_SMTP_URL, envReader, loadStackConfig, type StackConfig } from '@surge/config';
import { NOTIFICATIONS_DLQ_TOPIC, NOTIFIER_GROUP, OUTCOMES_TOPIC } from '@surge/contracts';
import { webhookKey } from './webhook/webhook-signature';

export interface NotifierConfig extends StackConfig {
  port: number;
  /** Address health and metrics listen on. */
  host: string;
  mysqlPoolSize: number;
  groupId: string;
  /** Read as fulfillment's relay writes it. */
  outcomesTopic: string;
  /** Where outcomes that can never be parsed go. */
  notificationsDeadLetterTopic: string;
  /** Failed dead-letter writes after which a partition is reported blocked. */
  deadLetterAttempts: number;
  batchSize: number;
  partitionsConcurrency: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** Failed tries after which a notification is marked failed and dead-lettered, so its partition moves on. */
  maxAttempts: number;
  /** Sends per second per channel (0 = unlimited), paced like the drain (@surge/pacing's RateLimiter). */
  rates: ChannelRates;
  /** Bearer token of the admin API; undefined = admin API off. */
  adminToken: string | undefined;
  /** smtp:// or smtps://, credentials in the URL when the server wants them. */
  smtpUrl: string;
  /** The From of every mail. */
  mailFrom: string;
  /** Deadline of connecting, the greeting and each SMTP exchange: a mail server that hangs fails the try instead of holding it. */
  smtpTimeoutMs: number;
  /** The storefront's endpoint; undefined = no webhooks. */
  webhookUrl: string | undefined;
  /** `whsec_…` secrets, comma-separated in the variable; all sign (rotation). */
  webhookSecrets: string[];
  webhookAttempts: number;
  webhookRetryInitialMs: number;
  webhookRetryMaxMs: number;
  webhookTimeoutMs: number;
  /** The SMS gateway; undefined = no SMS. */
  smsGatewayUrl: string | undefined;
  smsGatewayToken: string | undefined;
  smsFrom: string;
  smsGatewayTimeoutMs: number;
}

export interface ChannelRates {
  email: number;
  sms: number;
  webhook: number;
}

/** Read once at boot; a missing or malformed value throws an error naming the variable. */
export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  const get = envReader(env);
  return {
    ...loadStackConfig(get),
    port: get('NOTIFIER_PORT').default(String(DEFAULT_NOTIFIER_PORT)).asPortNumber(),
    host: get('NOTIFIER_HOST').default('0.0.0.0').asHost(),
    mysqlPoolSize: get('NOTIFIER_MYSQL_POOL_SIZE').default('4').asCount(),
    groupId: get('NOTIFIER_GROUP').default(NOTIFIER_GROUP).asString(),
    outcomesTopic: get('OUTCOMES_TOPIC').default(OUTCOMES_TOPIC).asString(),
    notificationsDeadLetterTopic: get('NOTIFICATIONS_DLQ_TOPIC').default(NOTIFICATIONS_DLQ_TOPIC).asString(),
    deadLetterAttempts: get('NOTIFY_DEAD_LETTER_ATTEMPTS').default('5').asCount(),
    batchSize: get('NOTIFY_BATCH_SIZE').default('50').asCount(),
    partitionsConcurrency: get('NOTIFY_PARTITIONS_CONCURRENCY').default('4').asCount(),
    retryInitialMs: get('NOTIFY_RETRY_INITIAL_MS').default('500').asCount(),
    retryMaxMs: get('NOTIFY_RETRY_MAX_MS').default('30000').asCount(),
    // 8 tries with the default backoff span 30-60 s (jittered): a mail server down for a while delays, not fails.
    maxAttempts: get('NOTIFY_MAX_ATTEMPTS').default('8').asCount(),
    rates: {
      email: get('NOTIFY_EMAIL_RATE').default('0').asFloatPositive(),
      sms: get('NOTIFY_SMS_RATE').default('0').asFloatPositive(),
      webhook: get('NOTIFY_WEBHOOK_RATE').default('0').asFloatPositive(),
    },
    // No default: a secret is configured or the admin API stays off.
    adminToken: get('ADMIN_TOKEN').asSecret(),
    smtpUrl: get('SMTP_URL').default(DEFAULT_SMTP_URL).asUrlString(),
    mailFrom: get('MAIL_FROM').default('Surge <orders@surge.invalid>').asString(),
    smtpTimeoutMs: get('SMTP_TIMEOUT_MS').default('10000').asCount(),
    ...webhookConfig(get),
    ...smsConfig(get),
  };
}

function webhookConfig(get: ReturnType<typeof envReader>) {
  const webhookUrl = get('WEBHOOK_URL').asUrlString();
  // No default: secrets are configured with the URL, or webhooks stay off.
  const webhookSecrets =
    get('WEBHOOK_SECRETS')
      .required(webhookUrl !== undefined)
      .asArray(',') ?? [];
  for (const secret of webhookSecrets) {
    try {
      webhookKey(secret);
    } catch (error) {
      throw new Error(`env-var: "WEBHOOK_SECRETS" ${(error as Error).message}`);
    }
  }
  return {
    webhookUrl,
    webhookSecrets,
    webhookAttempts: get('WEBHOOK_ATTEMPTS').default('5').asCount(),
    webhookRetryInitialMs: get('WEBHOOK_RETRY_INITIAL_MS').default('500').asCount(),
    webhookRetryMaxMs: get('WEBHOOK_RETRY_MAX_MS').default('30000').asCount(),
    webhookTimeoutMs: get('WEBHOOK_TIMEOUT_MS').default('5000').asCount(),
  };
}

function smsConfig(get: ReturnType<typeof envReader>) {
  const smsGatewayUrl = get('SMS_GATEWAY_URL').asUrlString();
  return {
    smsGatewayUrl,
    // No default: the token is configured with the URL, or SMS stays off.
    smsGatewayToken: get('SMS_GATEWAY_TOKEN')
      .required(smsGatewayUrl !== undefined)
      .asSecret(),
    smsFrom: get('SMS_FROM').default('Surge').asString(),
    smsGatewayTimeoutMs: get('SMS_GATEWAY_TIMEOUT_MS').default('5000').asCount(),
  };
}
