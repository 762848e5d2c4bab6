import { encodeOrderOutcome, EVENT_ID_HEADER, parseOrderOutcome, parseTraceparent } from '@surge/contracts';
import { STOREFRONT_TRACE } from '@surge/kafka-testing';
import { HttpReceiver, waitFor, type ReceivedRequest } from '@surge/testing';
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { NotifierHarness, testOutcome as outcome } from '../test-support/notifier-harness';

const ADMIN_TOKEN = 'notifier-admin-token-0123';
const harness = new NotifierHarness();
const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const [oldSecret, newSecret] = [secret(), secret()];
let receiver: HttpReceiver;
/** What the storefront received, in order. */
const deliveries = () => receiver.received;

beforeAll(async () => {
  receiver = await HttpReceiver.start('/surge-webhooks');
});
beforeEach(async () => {
  receiver.reset();
  receiver.answer(204);
  await harness.start({
    WEBHOOK_URL: receiver.url,
    // Rotation: the old secret and the new one both sign.
    WEBHOOK_SECRETS: `${oldSecret},${newSecret}`,
    WEBHOOK_RETRY_INITIAL_MS: '50',
    WEBHOOK_RETRY_MAX_MS: '2000',
    ADMIN_TOKEN,
  });
});
afterEach(() => harness.stop());
afterAll(async () => {
  await receiver.stop();
  await harness.end();
});

const webhookRow = async (orderId: string) => (await harness.notifications('webhook', orderId))[0];

/** The headers as a receiver hands them to its Standard Webhooks library. */
const signed = (d: ReceivedRequest) => ({
  'webhook-id': String(d.headers['webhook-id']),
  'webhook-timestamp': String(d.headers['webhook-timestamp']),
  'webhook-signature': String(d.headers['webhook-signature']),
});

describe('notifier, storefront webhooks', () => {
  it('posts each outcome signed per Standard Webhooks, verifiable with the old secret and the new one', async () => {
    const event = outcome();
    await harness.publish(event);
    await waitFor('the delivery recorded', async () => (await webhookRow(event.orderId))?.status === 'sent');

    expect(deliveries()).toHaveLength(1);
    const [delivery] = deliveries();
    expect(delivery.headers['webhook-id']).toBe(event.eventId);
    expect(delivery.headers['content-type']).toBe('application/json');
    for (const known of [oldSecret, newSecret]) {
      expect(new Webhook(known).verify(delivery.body, signed(delivery))).toEqual(JSON.parse(delivery.body));
    }
    expect(() => new Webhook(secret()).verify(delivery.body, signed(delivery))).toThrow('No matching signature');
    // A body changed on the way no longer verifies.
    expect(() => new Webhook(newSecret).verify(delivery.body.replace('1000', '1'), signed(delivery))).toThrow();
    expect(parseOrderOutcome(Buffer.from(delivery.body))).toEqual(event);
  });

  it("passes the order's trace on to the storefront in a traceparent header, with the notifier's span", async () => {
    const event = outcome();
    await harness.send(event.orderId, encodeOrderOutcome(event), {
      [EVENT_ID_HEADER]: event.eventId,
      traceparent: STOREFRONT_TRACE.traceparent,
    });
    await waitFor('the delivery recorded', async () => (await webhookRow(event.orderId))?.status === 'sent');

    const forwarded = parseTraceparent(String(deliveries()[0].headers.traceparent));
    expect(forwarded?.traceId).toBe(STOREFRONT_TRACE.traceId);
    expect(forwarded?.spanId).not.toBe(STOREFRONT_TRACE.spanId);
  });

  it('retries a refused delivery with the same id, waiting as long as Retry-After asks', async () => {
    receiver.answer({ status: 503, headers: { 'retry-after': '1' } }, 500, 200);
    const event = outcome();
    await harness.publish(event);
    await waitFor('the delivery recorded', async () => (await webhookRow(event.orderId))?.status === 'sent');

    expect(deliveries()).toHaveLength(3);
    expect(new Set(deliveries().map((d) => d.headers['webhook-id']))).toEqual(new Set([event.eventId]));
    // Retry-After: 1 s, where the backoff alone would have waited 25-50 ms.
    expect(deliveries()[1].at - deliveries()[0].at).toBeGreaterThanOrEqual(950);
    for (const d of deliveries()) expect(new Webhook(oldSecret).verify(d.body, signed(d))).toBeTruthy();
  });

  it('disables the endpoint on 410 Gone: nothing more is posted, and the notifications say why', async () => {
    receiver.answer(410);
    const first = outcome();
    const second = outcome();
    await harness.publish(first);
    await waitFor('the first settled', async () => (await webhookRow(first.orderId))?.status === 'dropped');
    // After the 410; deliveries already in flight when it came (same batch) are not recalled.
    await harness.publish(second);
    await waitFor('the second settled', async () => (await webhookRow(second.orderId))?.status === 'dropped');

    expect(deliveries()).toHaveLength(1);
    for (const event of [first, second]) {
      expect(await webhookRow(event.orderId)).toMatchObject({
        status: 'dropped',
        last_error: expect.stringContaining('410 Gone'),
      });
    }
  });

  it('keeps the endpoint disabled across a restart until ops enable it, then delivers and re-sends what was dropped', async () => {
    receiver.answer(410);
    const dropped = outcome();
    await harness.publish(dropped);
    await waitFor('dropped', async () => (await webhookRow(dropped.orderId))?.status === 'dropped');
    receiver.answer(204);

    await harness.restart();
    const afterRestart = outcome();
    await harness.publish(afterRestart);
    await waitFor('dropped too', async () => (await webhookRow(afterRestart.orderId))?.status === 'dropped');
    expect(deliveries()).toHaveLength(1);
    expect(await harness.admin('GET', 'webhook')).toMatchObject({
      status: 200,
      body: { url: receiver.url, disabledAt: expect.any(String), reason: `answered 410 Gone to ${dropped.eventId}` },
    });

    expect(await harness.admin('POST', 'webhook/enable')).toMatchObject({
      status: 200,
      body: { url: receiver.url, disabledAt: null, reason: null },
    });
    const next = outcome();
    await harness.publish(next);
    await waitFor('delivered', async () => (await webhookRow(next.orderId))?.status === 'sent');
    expect(await harness.admin('POST', `notifications/${dropped.orderId}/webhook/resend`)).toMatchObject({
      status: 200,
      body: { notification: { status: 'sent' } },
    });
    expect(deliveries().map((d) => d.headers['webhook-id'])).toEqual([dropped.eventId, next.eventId, dropped.eventId]);
  });
});
