import { createKafka } from '@surge/kafka';
import { deleteTopics, STOREFRONT_TRACE } from '@surge/kafka-testing';
import { LogStore } from '@surge/log-store';
import {
  AppProcess,
  freePort,
  isolatedAppEnv,
  launchApp,
  MailCatcher,
  testStack,
  uniqueName,
  waitFor,
  type SurgeApp,
} from '@surge/testing';
import { randomUUID } from 'node:crypto';
import { orderTrace, type OrderTrace } from '../cli/order-trace';
import { runLogCli } from '../test-support/log-cli-process';
import { dropTestStore, testIndexPrefix } from '../test-support/log-sink-harness';

/**
 * The whole path as ops meet it: intake, fulfillment, the notifier and the
 * log-sink run as processes from the sources, every one shipping its lines to
 * a logs topic of this spec's own, the sink storing them under an index prefix
 * of its own; then the trace (the function behind `npm run trace`, polled,
 * and the CLI itself once) shows a real order's four steps.
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

  /** The order's trace as `npm run trace` computes it, read from the store now. */
  async function traceNow(orderId: string): Promise<OrderTrace> {
    return orderTrace(orderId, await store.orderJourney(orderId), new Date());
  }

  it('shows intake accepted and produced, fulfillment stored and the notifier sent, under the storefront trace', async () => {
    const intake = apps.find((app) => app.label === 'order-intake') as AppProcess;
    const email = `${uniqueName('journey')}@example.com`;
    const placed = await fetch(`${intake.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: STOREFRONT_TRACE.traceparent },
      body: JSON.stringify({
        customerId: uniqueName('journey-customer'),
        currency: 'EUR',
        items: [{ sku: uniqueName('JOURNEY-SKU'), quantity: 1 }],
        contact: { email },
      }),
    });
    expect(placed.status).toBe(202);
    const { orderId } = (await placed.json()) as { orderId: string };

    // Each app ships on its own: the lines reach the store in any order.
    const trace = await waitFor(
      'the trace to show all four steps',
      async () => {
        const now = await traceNow(orderId);
        const complete = now.state === 'stored' && now.lines.some((line) => line.endsWith('order-intake  accepted'));
        return complete && now.lines.at(-1)?.endsWith('notified by email') ? now : false;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(trace.lines[0]).toBe(`order ${orderId}, trace ${STOREFRONT_TRACE.traceId}`);
    const steps = trace.lines.slice(1, -1).map((line) => line.replace(/^\s+\S+\s+\S+(?: ms| s)?\s+/, ''));
    expect(steps).toEqual([
      'order-intake  accepted',
      `order-intake  produced to ${env.ORDERS_TOPIC}[0] at offset 0`,
      expect.stringMatching(/^fulfillment {3}stored rejected \(\w+\)$/),
      'notifier      notification sent by email',
    ]);
    expect(trace.lines.at(-1)).toMatch(/^stored rejected \(\w+\) .* after it was accepted; notified by email$/);
    // The notification step is a real mail: MailDev caught it for the order's contact.
    const mails = await catcher.mails();
    expect(mails.filter((mail) => mail.to.some((to) => to.address === email))).toHaveLength(1);

    // npm run trace itself prints the same journey, and exits 0 for a stored order.
    const cli = await runLogCli('trace', indexPrefix, orderId);
    expect({ code: cli.code, lines: cli.stdout.trimEnd().split('\n') }).toEqual({ code: 0, lines: trace.lines });
  }, 120_000);

  it('says plainly that an order id is unknown, and exits 1', async () => {
    const orderId = randomUUID();
    const unknown = await traceNow(orderId);
    expect(unknown.state).toBe('unknown');
    expect(unknown.lines).toEqual([
      expect.stringMatching(new RegExp(`^order ${orderId}: no log line in the store\\. The id is unknown`)),
    ]);

    const cli = await runLogCli('trace', indexPrefix, orderId);
    expect({ code: cli.code, lines: cli.stdout.trimEnd().split('\n') }).toEqual({ code: 1, lines: unknown.lines });
  });
});
