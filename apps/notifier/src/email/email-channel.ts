import type { OrderOutcomeEvent } from '@surge/contracts';
import { createTransport, type Transporter } from 'nodemailer';
import type { ChannelResult, NotificationChannel } from '../notifications/notification-channel';
import { outcomeMail } from './outcome-mail';

/** Mail over SMTP with nodemailer, one message per outcome with a contact email. */
export class EmailChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    // nodemailer waits up to 2 min to connect and 10 min for an answer: a hanging server would hold the batch.
    this.transport = createTransport({
      url: smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  wants(event: OrderOutcomeEvent): boolean {
    return event.contact?.email !== undefined;
  }

  async send(event: OrderOutcomeEvent): Promise<ChannelResult> {
    const email = event.contact?.email;
    if (email === undefined) throw new Error(`outcome ${event.eventId} has no contact email`);
    const mail = outcomeMail({ ...event, contact: { ...event.contact, email } });
    await this.transport.sendMail({ from: this.from, ...mail });
    return 'sent';
  }

  close(): void {
    this.transport.close();
  }
}
