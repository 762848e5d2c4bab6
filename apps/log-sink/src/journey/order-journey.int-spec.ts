import { createKafka } from '@surge/kafka';
import { deleteTopics, STOREFRONT_TRACE } from '@surge/kafka-testing';
import { LogStore } from '@surge/log-store';
import {
  AppProcess,
  freePort,
  isolatedAppEnv,
  launchApp,
  MailCatcher,
  REPO_ROOT,
  testStack,
  uniqueName,
  waitFor,
  type SurgeApp,
} from '@surge/testing';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dropTestStore, testIndexPrefix } from '../test-support/log-sink-harness';

const run = promisify(execFile);

/**
 * The whole path as ops meet it: intake, fulfillment, the notifier and the
 * log-sink run as processes from the sources, every one shipping its lines to
 * a logs topic of this spec's own, the sink storing them under an index prefix
 * of its own; then `npm run trace` shows a real order's four steps.
 */
describe("a real order's trace across the apps (real broker, MySQL, SMTP catcher, OpenSearch)", () => {
  const logsTopic = uniqueName('journey-logs');
  const indexPrefix = testIndexPrefix();
  const store = new LogStore({ url: testStack.opensearchUrl, indexPrefix });
  const env = {
    ...isolatedAppEnv('journey', 1),
    LOG_SHIPPING: 'on',
    LOGS_TOPIC: logsTopic,
    LOG_SHIPPING_LINGER_MS: '50',
    LOG_LEVEL: 'info',
  };
  const sinkEnv = {
    LOG_SINK_GROUP: uniqueName('journey-log-sink'),
    LOGS_DLQ_TOPIC: `${logsTopic}.dlq`,
    LOG_INDEX_PREFIX: indexPrefix,
    OPENSEARCH_URL: testStack.opensearchUrl,
  };
  const notifierEnv = {
    NOTIFIER_GROUP: uniqueName('journey-notifier'),
    NOTIFICATIONS_DLQ_TOPIC: `${env.ORDERS_TOPIC}.notifications.dlq`,
  };
  let catcher: MailCatcher;
  const apps: AppProcess[] = [];

  async function start(app: SurgeApp, extra: NodeJS.ProcessEnv = {}): Promise<AppProcess> {
    const process = AppProcess.surgeApp(app, await freePort(), { ...env, ...extra });
    apps.push(process);
    return launchApp(process);
  }

  beforeAll(async () => {
    if (!(await store.ping())) {
      throw new Error(`no OpenSearch at ${testStack.opensearchUrl}; run: npm run stack:up -- --with-logs`);
    }
    catcher = await MailCatcher.start();
    // Fulfillment first: it creates the topics intake produces to.
    await start('fulfillment');
    await start('notifier', { ...notifierEnv, SMTP_URL: catcher.smtpUrl });
    await start('log-sink', sinkEnv);
    // One worker: the spec needs one order, not every core.
    await start('order-intake', { INTAKE_WORKERS: '1' });
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await catcher?.stop();
    await deleteTopics(createKafka({ brokers: testStack.kafkaBrokers, clientId: 'journey-spec' }), [
      env.ORDERS_TOPIC,
      env.ORDERS_DLQ_TOPIC,
      env.OUTCOMES_TOPIC,
      notifierEnv.NOTIFICATIONS_DLQ_TOPIC,
      logsTopic,
      sinkEnv.LOGS_DLQ_TOPIC,
    ]);
    await dropTestStore(store);
  });

  it('shows intake accepted and produced, fulfillment stored and the notifier sent, under the storefront trace', async () => {
    const intake = apps.find((app) => app.label === 'order-intake') as AppProcess;
    const placed = await fetch(`${intake.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: STOREFRONT_TRACE.traceparent },
      body: JSON.stringify({
        customerId: uniqueName('journey-customer'),
        currency: 'EUR',
        items: [{ sku: uniqueName('JOURNEY-SKU'), quantity: 1 }],
        contact: { email: 'journey@example.com' },
      }),
    });
    expect(placed.status).toBe(202);
    const { orderId } = (await placed.json()) as { orderId: string };

    const trace = await waitFor(
      'the trace to show all four steps',
      async () => {
        const { stdout } = await run(
          process.execPath,
          ['-r', './scripts/register.js', 'apps/log-sink/src/trace.ts', orderId],
          {
            cwd: REPO_ROOT,
            env: { ...process.env, OPENSEARCH_URL: testStack.opensearchUrl, LOG_INDEX_PREFIX: indexPrefix },
          },
        ).catch((error: { stdout: string }) => error);
        // Each app ships on its own: the lines reach the store in any order.
        const complete = stdout.includes('notified by email') && stdout.includes('order-intake  accepted');
        return complete ? stdout.trimEnd().split('\n') : false;
      },
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    expect(trace[0]).toBe(`order ${orderId}, trace ${STOREFRONT_TRACE.traceId}`);
    const steps = trace.slice(1, -1).map((line) => line.replace(/^\s+\S+\s+\S+(?: ms| s)?\s+/, ''));
    expect(steps).toEqual([
      'order-intake  accepted',
      `order-intake  produced to ${env.ORDERS_TOPIC}[0] at offset 0`,
      expect.stringMatching(/^fulfillment {3}stored rejected \(\w+\)$/),
      'notifier      notification sent by email',
    ]);
    expect(trace.at(-1)).toMatch(/^stored rejected \(\w+\) .* after it was accepted; notified by email$/);
    // Four apps on a shared machine: the order crosses three consumers before its last line is stored.
  }, 120_000);
});
