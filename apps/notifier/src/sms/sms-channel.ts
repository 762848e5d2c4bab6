import type { OrderOutcomeEvent } from '@surge/contracts';
import type { ChannelResult, NotificationChannel } from '../notifications/notification-channel';
import type { SmsProvider } from './sms-provider';

/** A short text per outcome, to the contact's phone. */
export function outcomeText(event: OrderOutcomeEvent): string {
  const order = event.orderId.slice(0, 8);
  return event.status === 'fulfilled'
    ? `Surge: order ${order} confirmed, total ${(event.totalCents / 100).toFixed(2)} ${event.currency}.`
    : `Surge: order ${order} could not be served (${event.rejectReason ?? 'refused'}). Nothing was charged.`;
}

export class SmsChannel implements NotificationChannel {
  readonly name = 'sms';

  constructor(private readonly provider: SmsProvider) {}

  wants(event: OrderOutcomeEvent): boolean {
    return event.contact?.phone !== undefined;
  }

  async send(event: OrderOutcomeEvent): Promise<ChannelResult> {
    const phone = event.contact?.phone;
    if (phone === undefined) throw new Error(`outcome ${event.eventId} has no contact phone`);
    await this.provider.send({ to: phone, text: outcomeText(event), reference: event.eventId });
    return 'sent';
  }
}
