import { parseOrderOutcome } from '@surge/contracts';
import { freePort, waitFor } from '@surge/testing';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { NotifierHarness, testOutcome as outcome } from '../test-support/notifier-harness';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

const harness = new NotifierHarness();
const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const [oldSecret, newSecret] = [secret(), secret()];
let receiver: Server;
let receiverUrl: string;
let deliveries: Delivery[] = [];
/** What the storefront answers, in turn; the last one is repeated. */
let answers: Array<{ status: number; headers?: Record<string, string> }> = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = (answers.length > 1 ? answers.shift() : undefined) ?? answers[0];
      res.writeHead(answer.status, answer.headers).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${port}/surge-webhooks`;
});
beforeEach(async () => {
  deliveries = [];
  answers = [{ status: 204 }];
  await harness.start({
    WEBHOOK_URL: receiverUrl,
    // Rotation: the old secret and the new one both sign.
    WEBHOOK_SECRETS: `${oldSecret},${newSecret}`,
    WEBHOOK_RETRY_INITIAL_MS: '50',
    WEBHOOK_RETRY_MAX_MS: '2000',
  });
});
afterEach(() => harness.stop());
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await harness.end();
});

const webhookRow = async (orderId: string) => (await harness.notifications('webhook', orderId))[0];

/** The headers as a receiver hands them to its Standard Webhooks library. */
const signed = (d: Delivery) => ({
  'webhook-id': String(d.headers['webhook-id']),
  'webhook-timestamp': String(d.headers['webhook-timestamp']),
  'webhook-signature': String(d.headers['webhook-signature']),
});

describe('notifier, storefront webhooks', () => {
  it('posts each outcome signed per Standard Webhooks, verifiable with the old secret and the new one', async () => {
    const event = outcome();
    await harness.publish(event);
    await waitFor('the delivery recorded', async () => (await webhookRow(event.orderId))?.status === 'sent');

    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
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

  it('retries a refused delivery with the same id, waiting as long as Retry-After asks', async () => {
    answers = [{ status: 503, headers: { 'retry-after': '1' } }, { status: 500 }, { status: 200 }];
    const event = outcome();
    await harness.publish(event);
    await waitFor('the delivery recorded', async () => (await webhookRow(event.orderId))?.status === 'sent');

    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.headers['webhook-id']))).toEqual(new Set([event.eventId]));
    // Retry-After: 1 s, where the backoff alone would have waited 25-50 ms.
    expect(deliveries[1].at - deliveries[0].at).toBeGreaterThanOrEqual(950);
    for (const d of deliveries) expect(new Webhook(oldSecret).verify(d.body, signed(d))).toBeTruthy();
  });

  it('disables the endpoint on 410 Gone: nothing more is posted, and the notifications say why', async () => {
    answers = [{ status: 410 }];
    const first = outcome();
    const second = outcome();
    await harness.publish(first);
    await waitFor('the first settled', async () => (await webhookRow(first.orderId))?.status === 'dropped');
    // After the 410; deliveries already in flight when it came (same batch) are not recalled.
    await harness.publish(second);
    await waitFor('the second settled', async () => (await webhookRow(second.orderId))?.status === 'dropped');

    expect(deliveries).toHaveLength(1);
    for (const event of [first, second]) {
      expect(await webhookRow(event.orderId)).toMatchObject({
        status: 'dropped',
        last_error: expect.stringContaining('410 Gone'),
      });
    }
  });
});
