import { HttpReceiver, waitFor } from '@surge/testing';
import { NotifierHarness, testOutcome } from '../test-support/notifier-harness';

interface GatewayBody {
  from: string;
  to: string;
  text: string;
  reference: string;
}

const TOKEN = 'sms-gateway-token-0123456789';
const harness = new NotifierHarness();
let gateway: HttpReceiver;

beforeAll(async () => {
  gateway = await HttpReceiver.start('/messages');
});
beforeEach(async () => {
  gateway.reset();
  gateway.answer(202);
  await harness.start({ SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_TOKEN: TOKEN });
});
afterEach(() => harness.stop());
afterAll(async () => {
  await gateway.stop();
  await harness.end();
});

const outcome = (phone?: string) =>
  testOutcome({
    totalCents: 1250,
    lines: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 1250 }],
    ...(phone ? { contact: { phone } } : {}),
  });
const smsRow = async (orderId: string) => (await harness.notifications('sms', orderId))[0];

describe('notifier, SMS through an HTTP gateway', () => {
  it('texts each outcome with a phone once, with the token and the event id as reference; none without, none again on redelivery', async () => {
    const texted = outcome('+33612345678');
    const silent = outcome();
    await harness.publish(texted, silent);
    await waitFor('the text recorded', async () => (await smsRow(texted.orderId))?.status === 'sent');
    const marker = outcome('+14155550100');
    await harness.publish(texted, marker);
    await waitFor('the marker recorded', async () => (await smsRow(marker.orderId))?.status === 'sent');

    const bodies = gateway.bodies<GatewayBody>();
    expect(bodies.map((b) => b.to)).toEqual(['+33612345678', '+14155550100']);
    expect(gateway.received[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(gateway.received[0].headers['idempotency-key']).toBe(texted.eventId);
    expect(bodies[0]).toEqual({
      from: 'Surge',
      to: '+33612345678',
      reference: texted.eventId,
      text: `Surge: order ${texted.orderId.slice(0, 8)} confirmed, total 12.50 EUR.`,
    });
    expect(await smsRow(silent.orderId)).toBeUndefined();
  });

  it('tries a refused text again later and records the failures, then sends it', async () => {
    gateway.answer(503, 500, 202);
    const event = outcome('+33612345678');
    await harness.publish(event);
    await waitFor('the text recorded', async () => (await smsRow(event.orderId))?.status === 'sent');

    expect(gateway.received).toHaveLength(3);
    expect(await smsRow(event.orderId)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });
});
