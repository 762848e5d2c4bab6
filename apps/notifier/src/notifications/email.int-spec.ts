import { parseOrderOutcome, type OrderOutcomeEvent } from '@surge/contracts';
import { readTopic } from '@surge/kafka-testing';
import { MailCatcher, TcpProxy, waitFor } from '@surge/testing';
import { NotifierHarness, testOutcome } from '../test-support/notifier-harness';

const harness = new NotifierHarness();
let catcher: MailCatcher;
let smtp: TcpProxy;
let smtpPort: number;

beforeAll(async () => {
  catcher = await MailCatcher.start();
  // Between the notifier and MailDev, so a test can take the mail server away.
  smtp = new TcpProxy('127.0.0.1', catcher.smtpPort);
  smtpPort = await smtp.start();
});
beforeEach(async () => {
  await catcher.clear();
  smtp.up();
  await harness.start({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, ADMIN_TOKEN: 'notifier-admin-token-0123' });
});
afterEach(() => harness.stop());
afterAll(async () => {
  await smtp.stop();
  await catcher.stop();
  await harness.end();
});

/** An outcome with an email of its own. */
function outcome(patch: Partial<OrderOutcomeEvent> = {}): OrderOutcomeEvent {
  const event = testOutcome({
    totalCents: 2400,
    lines: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: 1200 }],
    ...patch,
  });
  return { ...event, contact: { email: `shopper-${event.orderId.slice(0, 8)}@example.com` } };
}

function addressOf(event: OrderOutcomeEvent): string {
  if (!event.contact?.email) throw new Error(`outcome ${event.eventId} has no email`);
  return event.contact.email;
}

const mailsTo = async (address: string) =>
  (await catcher.mails()).filter((m) => m.to.some((t) => t.address === address));

describe('notifier, email channel', () => {
  it('sends one mail per outcome with an email, its Message-ID derived from the event id, and none without', async () => {
    const fulfilled = outcome();
    const rejected = outcome({ status: 'rejected', rejectReason: 'out_of_stock', totalCents: 0 });
    const anonymous = outcome();
    delete anonymous.contact;
    await harness.publish(fulfilled, rejected, anonymous);

    await waitFor('two mails caught', async () => (await catcher.mails()).length === 2);
    await waitFor('both recorded as sent', async () =>
      (await harness.notifications('email')).every((r) => r.status === 'sent'),
    );
    const [confirmed] = await mailsTo(addressOf(fulfilled));
    expect(confirmed.headers['message-id']).toBe(`<${fulfilled.eventId}@outcomes.surge>`);
    expect(confirmed.subject).toBe(`Your order ${fulfilled.orderId} is confirmed`);
    expect(confirmed.text).toContain('Total: 24.00 EUR');
    const [sorry] = await mailsTo(addressOf(rejected));
    expect(sorry.headers['message-id']).toBe(`<${rejected.eventId}@outcomes.surge>`);
    expect(sorry.subject).toBe(`Your order ${rejected.orderId} could not be served`);
    expect(sorry.text).toContain('sold out');

    expect(
      (await harness.notifications('email'))
        .map((r) => [r.order_id, r.channel, r.event_id, r.status, r.attempts])
        .sort(),
    ).toEqual(
      [
        [fulfilled.orderId, 'email', fulfilled.eventId, 'sent', 1],
        [rejected.orderId, 'email', rejected.eventId, 'sent', 1],
      ].sort(),
    );
  });

  it('sends nothing again for a redelivered outcome once its send is recorded', async () => {
    const first = outcome();
    await harness.publish(first);
    await waitFor('the first mail', async () => (await mailsTo(addressOf(first))).length === 1);
    await waitFor('its send recorded', async () => (await harness.notifications('email'))[0]?.status === 'sent');

    // The same outcome twice more (a relay republishing it), then a marker after them on the one partition.
    const marker = outcome();
    await harness.publish(first, first, marker);
    await waitFor('the marker mail', async () => (await mailsTo(addressOf(marker))).length === 1);

    expect(await mailsTo(addressOf(first))).toHaveLength(1);
    expect((await catcher.mails()).length).toBe(2);
  });

  it('delays a mail while the SMTP server is away, records the failures, and sends it once it is back', async () => {
    smtp.down();
    const event = outcome();
    await harness.publish(event);
    await waitFor('two failed attempts recorded', async () => {
      const [row] = await harness.notifications('email');
      return row !== undefined && row.attempts >= 2 && row.status === 'pending' && row.last_error !== null;
    });
    expect(await catcher.mails()).toHaveLength(0);

    smtp.up();
    await waitFor('the mail caught', async () => (await mailsTo(addressOf(event))).length === 1);
    await waitFor('its send recorded', async () => (await harness.notifications('email'))[0]?.status === 'sent');
    expect(await catcher.mails()).toHaveLength(1);
  });

  it('re-sends a mail when ops ask, with the same Message-ID, so the mailbox can drop the repeat', async () => {
    const event = outcome();
    await harness.publish(event);
    await waitFor('its send recorded', async () => (await harness.notifications('email'))[0]?.status === 'sent');

    expect(await harness.admin('POST', `notifications/${event.orderId}/email/resend`)).toMatchObject({
      status: 200,
      body: { notification: { channel: 'email', status: 'sent', attempts: 1 } },
    });
    const mails = await waitFor('the second mail', async () => {
      const caught = await mailsTo(addressOf(event));
      return caught.length === 2 && caught;
    });
    expect(mails.map((m) => m.headers['message-id'])).toEqual([
      `<${event.eventId}@outcomes.surge>`,
      `<${event.eventId}@outcomes.surge>`,
    ]);
  });

  it('parks a message that is not an outcome in the notifications dead-letter topic and goes on', async () => {
    await harness.send('x', Buffer.from('{"schema":"order.placed"}'));
    const after = outcome();
    await harness.publish(after);
    await waitFor('the next outcome mailed', async () => (await mailsTo(addressOf(after))).length === 1);
    const parked = await readTopic(harness.kafka, harness.config.notificationsDeadLetterTopic);
    expect(parked).toHaveLength(1);
    expect(() => parseOrderOutcome(parked[0].value)).toThrow('unknown schema order.placed');
  });
});
