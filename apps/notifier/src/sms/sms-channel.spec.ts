import { testOutcome } from '../test-support/notifier-harness';
import { outcomeText, SmsChannel } from './sms-channel';
import type { TextMessage } from './sms-provider';

const orderId = '01a217b3-8de9-7368-92fb-adf894e78855';
const event = testOutcome({
  orderId,
  totalCents: 1999,
  lines: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: 1999 }],
  contact: { phone: '+33612345678' },
});

describe('SmsChannel', () => {
  it('hands the provider the phone, a short text and the event id as reference', async () => {
    const sent: TextMessage[] = [];
    const channel = new SmsChannel({ send: async (m) => void sent.push(m) });
    expect(await channel.send(event)).toBe('sent');
    expect(sent).toEqual([
      { to: '+33612345678', text: 'Surge: order 01a217b3 confirmed, total 19.99 EUR.', reference: event.eventId },
    ]);
  });

  it('wants only outcomes with a phone', () => {
    const channel = new SmsChannel({ send: async () => undefined });
    expect(channel.wants(event)).toBe(true);
    expect(channel.wants({ ...event, contact: { email: 'ana@example.com' } })).toBe(false);
  });

  it('says why an order was not served, within one text', () => {
    const text = outcomeText({ ...event, status: 'rejected', rejectReason: 'out_of_stock', totalCents: 0 });
    expect(text).toBe('Surge: order 01a217b3 could not be served (out_of_stock). Nothing was charged.');
    expect(text.length).toBeLessThanOrEqual(160);
  });
});
