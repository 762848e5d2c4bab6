import { encodeOrderOutcome, EVENT_ID_HEADER } from '@surge/contracts';
import { deleteTopics, readLogRecords, STOREFRONT_TRACE } from '@surge/kafka-testing';
import { MailCatcher, uniqueName, waitFor } from '@surge/testing';
import { NotifierHarness, testOutcome } from '../test-support/notifier-harness';

// Here the storefront's trace stands for the one fulfillment continued.
const { traceId: TRACE, spanId: FULFILLMENT_SPAN } = STOREFRONT_TRACE;

const harness = new NotifierHarness();
const logsTopic = uniqueName('logs');
let catcher: MailCatcher;

beforeAll(async () => {
  catcher = await MailCatcher.start();
  await harness.start({
    SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
    LOG_SHIPPING: 'on',
    LOGS_TOPIC: logsTopic,
    LOG_SHIPPING_LINGER_MS: '50',
  });
});
afterAll(async () => {
  await harness.stop();
  await deleteTopics(harness.kafka, [logsTopic]);
  await catcher.stop();
  await harness.end();
});

it("logs notification.sent under the order's trace, with a span of its own and the channel", async () => {
  const event = { ...testOutcome(), contact: { email: 'traced-shopper@example.com' } };
  await harness.send(event.orderId, encodeOrderOutcome(event), {
    [EVENT_ID_HEADER]: event.eventId,
    traceparent: STOREFRONT_TRACE.traceparent,
  });

  const line = await waitFor('the notification.sent line on the logs topic', async () => {
    const records = await readLogRecords(harness.kafka, logsTopic);
    return records.find((r) => r.orderId === event.orderId && r.step === 'notification.sent');
  });
  expect(line).toMatchObject({ app: 'notifier', level: 'info', channel: 'email', traceId: TRACE });
  expect(line.spanId).toMatch(/^[0-9a-f]{16}$/);
  expect(line.spanId).not.toBe(FULFILLMENT_SPAN);
});
