export { ADMIN_TOKEN, AdminTokenGuard, adminTokenProvider } from './admin-token.guard';
export { envReader } from './env-reader';
export { loadStackConfig } from './stack-config';
export type { StackConfig } from './stack-config';
export { AppConfigModule } from './app-config.module';
export {
  DEFAULT_FULFILLMENT_PORT,
  DEFAULT_FULFILLMENT_URL,
  DEFAULT_INTAKE_PORT,
  DEFAULT_INTAKE_URL,
  DEFAULT_KAFKA_BROKERS,
  DEFAULT_LOG_SINK_PORT,
  DEFAULT_MYSQL_URL,
  DEFAULT_MAILDEV_URL,
  DEFAULT_NOTIFIER_PORT,
  DEFAULT_NOTIFIER_URL,
  DEFAULT_OPENSEARCH_URL,
  DEFAULT_SMTP_URL,
  withDatabase,
} from './defaults';
export { VALIDATION_PIPE_OPTIONS } from './validation-pipe';
export { MailDevApi } from './maildev-api';
export type { CaughtMail } from './maildev-api';
