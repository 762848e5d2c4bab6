/** One text message, as any SMS provider takes it. */
export interface TextMessage {
  /** E.164. */
  to: string;
  text: string;
  /** The outcome's event id: providers that deduplicate use it as the idempotency key. */
  reference: string;
}

/** What a real provider (or the generic HTTP gateway) implements; resolves once the provider accepted the message. */
export interface SmsProvider {
  send(message: TextMessage): Promise<void>;
}
