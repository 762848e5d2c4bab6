import type { SmsProvider, TextMessage } from './sms-provider';

export interface HttpSmsGatewayOptions {
  url: string;
  /** Sent as a bearer token. */
  token: string;
  from: string;
  timeoutMs: number;
}

/**
 * A gateway that takes `POST {from, to, text, reference}` as JSON with a
 * bearer token and answers 2xx once it accepted the message. The reference
 * also goes as Idempotency-Key, so a gateway that honours it drops a repeat.
 */
export class HttpSmsGateway implements SmsProvider {
  constructor(private readonly options: HttpSmsGatewayOptions) {}

  async send(message: TextMessage): Promise<void> {
    const answer = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.options.token}`,
        'idempotency-key': message.reference,
      },
      body: JSON.stringify({ from: this.options.from, ...message }),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    await answer.body?.cancel();
    if (!answer.ok) throw new Error(`SMS gateway answered ${answer.status}`);
  }
}
