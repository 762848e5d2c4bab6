/**
 * Where Surge looks when nothing is configured: the local stack that
 * `npm run stack:up` starts, and the apps on their usual ports. Apps, scripts,
 * benches and tests take these from here and nowhere else.
 */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';
export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/surge';
export const DEFAULT_INTAKE_PORT = 3000;
export const DEFAULT_FULFILLMENT_PORT = 3001;
export const DEFAULT_NOTIFIER_PORT = 3002;
export const DEFAULT_LOG_SINK_PORT = 3003;
/** The log store `npm run stack:up -- --with-logs` starts (OpenSearch, scripts/logs/opensearch.sh). */
export const DEFAULT_OPENSEARCH_URL = 'http://127.0.0.1:9200';
/** The mail catcher `npm run stack:up` starts (MailDev): SMTP here, its web page on 1080. */
export const DEFAULT_SMTP_URL = 'smtp://127.0.0.1:1025';
/** MailDev's web page and REST API, where the demo and the simulator's audit count the mails. */
export const DEFAULT_MAILDEV_URL = 'http://127.0.0.1:1080';
export const DEFAULT_INTAKE_URL = `http://127.0.0.1:${DEFAULT_INTAKE_PORT}`;
export const DEFAULT_FULFILLMENT_URL = `http://127.0.0.1:${DEFAULT_FULFILLMENT_PORT}`;
export const DEFAULT_NOTIFIER_URL = `http://127.0.0.1:${DEFAULT_NOTIFIER_PORT}`;

/** The same server and credentials with another database (benches and drills keep their rows apart). */
export function withDatabase(mysqlUrl: string, database: string): string {
  const url = new URL(mysqlUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
