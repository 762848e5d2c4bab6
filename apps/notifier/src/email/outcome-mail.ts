import type { OrderOutcomeEvent } from '@surge/contracts';

export interface OutcomeMail {
  to: string;
  subject: string;
  text: string;
  /** RFC 5322 Message-ID: the same for every send of one outcome, so mail clients and catchers can drop repeats. */
  messageId: string;
}

const REASONS: Record<NonNullable<OrderOutcomeEvent['rejectReason']>, string> = {
  out_of_stock: 'an item sold out before your order could be served',
  unknown_sku: 'an item in it is not sold here',
};

/** The mail telling a shopper the outcome: one template per status. */
export function outcomeMail(event: OrderOutcomeEvent & { contact: { email: string } }): OutcomeMail {
  const lines = event.lines.map((l) => `  ${l.quantity} × ${l.sku}`).join('\n');
  const common = { to: event.contact.email, messageId: `<${event.eventId}@outcomes.surge>` };
  if (event.status === 'fulfilled') {
    return {
      ...common,
      subject: `Your order ${event.orderId} is confirmed`,
      text:
        `Good news: your order ${event.orderId} is confirmed.\n\n${lines}\n\n` +
        `Total: ${money(event.totalCents, event.currency)}\n`,
    };
  }
  return {
    ...common,
    subject: `Your order ${event.orderId} could not be served`,
    text:
      `We are sorry: your order ${event.orderId} could not be served, because ` +
      `${event.rejectReason ? REASONS[event.rejectReason] : 'it was refused'}. Nothing was charged.\n\n${lines}\n`,
  };
}

function money(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}
