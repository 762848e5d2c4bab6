import { testOutcome } from '../test-support/notifier-harness';
import { outcomeMail } from './outcome-mail';

const orderId = '01a217b3-8de9-7368-92fb-adf894e78855';
const fulfilled = {
  ...testOutcome({
    orderId,
    totalCents: 2450,
    lines: [
      { sku: 'SKU-1', quantity: 2, unitPriceCents: 1000 },
      { sku: 'SKU-2', quantity: 1, unitPriceCents: 450 },
    ],
  }),
  contact: { email: 'ana@example.com' },
};

describe('outcomeMail', () => {
  it('confirms a fulfilled order with its lines and total, under a Message-ID derived from the event id', () => {
    const mail = outcomeMail(fulfilled);
    expect(mail).toMatchObject({
      to: 'ana@example.com',
      subject: `Your order ${orderId} is confirmed`,
      messageId: `<${fulfilled.eventId}@outcomes.surge>`,
    });
    expect(mail.text).toContain('2 × SKU-1\n  1 × SKU-2');
    expect(mail.text).toContain('Total: 24.50 EUR');
    // Every send of the outcome gets the same id, whatever the time.
    expect(outcomeMail(fulfilled).messageId).toBe(mail.messageId);
  });

  it.each([
    ['out_of_stock', 'an item sold out before your order could be served'],
    ['unknown_sku', 'an item in it is not sold here'],
  ] as const)('tells a rejection for %s in words, and that nothing was charged', (reason, words) => {
    const mail = outcomeMail({ ...fulfilled, status: 'rejected', rejectReason: reason, totalCents: 0 });
    expect(mail.subject).toBe(`Your order ${orderId} could not be served`);
    expect(mail.text).toContain(words);
    expect(mail.text).toContain('Nothing was charged');
    expect(mail.text).not.toContain('Total');
  });
});
