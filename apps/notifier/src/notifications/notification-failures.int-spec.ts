import { ensureTopic } from '@surge/kafka';
import { readTopic } from '@surge/kafka-testing';
import { HttpReceiver, runDlqCommand, waitFor } from '@surge/testing';
import { NotifierHarness, testOutcome } from '../test-support/notifier-harness';

const GATEWAY_TOKEN = 'sms-gateway-token-0123456789';
const ADMIN_TOKEN = 'notifier-admin-token-0123';
const harness = new NotifierHarness();
let gateway: HttpReceiver;

beforeAll(async () => {
  gateway = await HttpReceiver.start('/messages');
});
beforeEach(() => gateway.reset());
afterEach(() => harness.stop());
afterAll(async () => {
  await gateway.stop();
  await harness.end();
});

/** The SMS channel against the real gateway stand-in, plus what a test adds. */
const start = (env: NodeJS.ProcessEnv = {}) =>
  harness.start({ SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_TOKEN: GATEWAY_TOKEN, ADMIN_TOKEN, ...env });

let phones = 0;
/** An outcome with a phone of its own and no email. */
const outcome = () => testOutcome({ contact: { phone: `+336${String(10_000_000 + ++phones)}` } });
const references = () => gateway.bodies<{ reference: string }>().map((b) => b.reference);
const smsRow = async (orderId: string) => (await harness.notifications('sms', orderId))[0];

/** The operator's command, as a child process against this notifier's topics. */
const dlq = (...args: string[]) =>
  runDlqCommand(
    {
      OUTCOMES_TOPIC: harness.config.outcomesTopic,
      NOTIFICATIONS_DLQ_TOPIC: harness.config.notificationsDeadLetterTopic,
    },
    '--topic',
    harness.config.notificationsDeadLetterTopic,
    ...args,
  );

describe('notifier, failed notifications', () => {
  it('gives a dead channel up after NOTIFY_MAX_ATTEMPTS tries, dead-letters each with its channel and reason, and moves on', async () => {
    gateway.answer(500);
    await start({ NOTIFY_MAX_ATTEMPTS: '2' });
    const [a, b] = [outcome(), outcome()];
    await harness.publish(a, b);
    await waitFor('both given up', async () => {
      const rows = await harness.notifications('sms');
      return rows.length === 2 && rows.every((r) => r.status === 'failed');
    });
    for (const event of [a, b]) {
      expect(await smsRow(event.orderId)).toMatchObject({
        status: 'failed',
        attempts: 2,
        last_error: 'SMS gateway answered 500',
      });
    }
    const parked = await waitFor('both dead letters', async () => {
      const messages = await readTopic(harness.kafka, harness.config.notificationsDeadLetterTopic);
      return messages.length === 2 && messages;
    });
    expect(parked.map((m) => m.key?.toString()).sort()).toEqual([a.orderId, b.orderId].sort());
    for (const message of parked) {
      expect(message.headers).toMatchObject({
        'x-channel': 'sms',
        'x-error': 'sms failed 2 time(s), last: SMS gateway answered 500',
        'x-source-topic': harness.config.outcomesTopic,
      });
    }
    expect(gateway.received).toHaveLength(4);

    // The partition moved on: the next outcome is tried as soon as it comes.
    const next = outcome();
    gateway.answer(202);
    await harness.publish(next);
    await waitFor('the next text sent', async () => (await smsRow(next.orderId))?.status === 'sent');
  });

  it('reports not ready, naming the partition, while a given-up notification cannot be dead-lettered', async () => {
    gateway.answer(500);
    await start({ NOTIFY_MAX_ATTEMPTS: '1', NOTIFY_DEAD_LETTER_ATTEMPTS: '2' });
    // Tiny: the dead-letter topic refuses every dead letter.
    const dlqMaxBytes = (bytes: number) =>
      ensureTopic(harness.kafka, {
        topic: harness.config.notificationsDeadLetterTopic,
        partitions: 1,
        replicationFactor: 1,
        configs: { 'max.message.bytes': String(bytes) },
      });
    await dlqMaxBytes(64);
    const event = outcome();
    await harness.publish(event);
    const notReady = await waitFor('readiness to fail', async () => {
      const answer = await fetch(`${harness.url}/health/ready`);
      return answer.status === 503 && ((await answer.json()) as { error: Record<string, unknown> });
    });
    expect(notReady.error).toMatchObject({
      deadLetters: { status: 'down', blocked: [{ topic: harness.config.outcomesTopic, partition: 0, offset: '0' }] },
    });

    await dlqMaxBytes(1 << 20);
    await waitFor('ready again', async () => (await fetch(`${harness.url}/health/ready`)).status === 200);
    const [parked] = await readTopic(harness.kafka, harness.config.notificationsDeadLetterTopic);
    expect(parked.headers['x-channel']).toBe('sms');
  });

  it('replays the dead letters with npm run dlq: each text is sent and recorded once, however often it is replayed', async () => {
    gateway.answer(503);
    await start({ NOTIFY_MAX_ATTEMPTS: '1' });
    const [a, b] = [outcome(), outcome()];
    await harness.publish(a, b);
    await waitFor('both dead-lettered', async () => {
      return (await readTopic(harness.kafka, harness.config.notificationsDeadLetterTopic)).length === 2;
    });
    const listed = await dlq('list');
    expect(listed).toContain(`2 dead letter(s) in ${harness.config.notificationsDeadLetterTopic}`);
    expect(listed).toContain(a.orderId);
    expect(listed).toContain('sms failed 1 time(s), last: SMS gateway answered 503');

    gateway.reset();
    gateway.answer(202);
    expect(await dlq('replay', '--all')).toContain(`2 dead letter(s) replayed into ${harness.config.outcomesTopic}`);
    await waitFor('both sent', async () => {
      const rows = await harness.notifications('sms');
      return rows.length === 2 && rows.every((r) => r.status === 'sent');
    });
    expect(references().sort()).toEqual([a.eventId, b.eventId].sort());
    expect(await smsRow(a.orderId)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });

    // Replayed again, then a marker behind the replays on the one partition: nothing is sent twice.
    await dlq('replay', '--all');
    const marker = outcome();
    await harness.publish(marker);
    await waitFor('the marker sent', async () => (await smsRow(marker.orderId))?.status === 'sent');
    expect(references().sort()).toEqual([a.eventId, b.eventId, marker.eventId].sort());
    expect(await readTopic(harness.kafka, harness.config.notificationsDeadLetterTopic)).toHaveLength(2);
  });

  it('paces texts to NOTIFY_SMS_RATE: each sent once, in order, never more than the rate in a second', async () => {
    await start({ NOTIFY_SMS_RATE: '5' });
    const events = Array.from({ length: 12 }, outcome);
    await harness.publish(...events);
    await waitFor('all sent', async () => {
      const rows = await harness.notifications('sms');
      return rows.length === events.length && rows.every((r) => r.status === 'sent');
    });
    expect(references()).toEqual(events.map((e) => e.eventId));
    // 5/s: any six texts in a row span at least a second (less a little for the HTTP hop's jitter).
    const at = gateway.received.map((r) => r.at);
    for (let i = 0; i + 5 < at.length; i++) expect(at[i + 5] - at[i]).toBeGreaterThanOrEqual(900);
  });
});

describe('notifier admin API', () => {
  it("shows an order's notifications and re-sends one channel with the same reference", async () => {
    await start();
    const event = outcome();
    await harness.publish(event);
    await waitFor('the text sent', async () => (await smsRow(event.orderId))?.status === 'sent');

    const shown = await harness.admin('GET', `notifications/${event.orderId}`);
    expect(shown).toMatchObject({
      status: 200,
      body: {
        orderId: event.orderId,
        notifications: [
          {
            channel: 'sms',
            eventId: event.eventId,
            status: 'sent',
            attempts: 1,
            lastError: null,
            sentAt: expect.any(String),
          },
        ],
      },
    });

    const resent = await harness.admin('POST', `notifications/${event.orderId}/sms/resend`);
    expect(resent).toMatchObject({ status: 200, body: { notification: { status: 'sent', attempts: 1 } } });
    expect(references()).toEqual([event.eventId, event.eventId]);
    expect(gateway.received[1].headers['idempotency-key']).toBe(event.eventId);

    gateway.answer(503);
    const refused = await harness.admin('POST', `notifications/${event.orderId}/sms/resend`);
    expect(refused).toMatchObject({
      status: 502,
      body: { notification: { status: 'failed', attempts: 1, lastError: 'SMS gateway answered 503' } },
    });
    expect((await harness.admin('GET', `notifications/${event.orderId}`)).body).toMatchObject({
      notifications: [{ channel: 'sms', status: 'failed', lastError: 'SMS gateway answered 503' }],
    });
  });

  it('answers 401 without the token, 400 for a malformed order id, 404 for what does not exist', async () => {
    await start();
    const unknown = testOutcome().orderId;
    expect((await harness.admin('GET', `notifications/${unknown}`, 'not-the-admin-token')).status).toBe(401);
    expect((await harness.admin('GET', 'notifications/not-an-id')).status).toBe(400);
    expect(await harness.admin('GET', `notifications/${unknown}`)).toMatchObject({
      status: 404,
      body: { message: `no notification of order ${unknown}` },
    });
    expect(await harness.admin('POST', `notifications/${unknown}/sms/resend`)).toMatchObject({
      status: 404,
      body: { message: `no sms notification of order ${unknown}` },
    });
    expect(await harness.admin('POST', `notifications/${unknown}/webhook/resend`)).toMatchObject({
      status: 404,
      body: { message: 'channel webhook is not configured on this notifier' },
    });
  });
});
