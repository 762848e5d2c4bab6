import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks 1.0 signing (https://www.standardwebhooks.com): an
 * HMAC-SHA256 over `id.timestamp.body` with each secret's key, base64, as
 * `v1,<signature>`, several separated by spaces. Signing with every configured
 * secret is how a secret is rotated: the receiver accepts any one it knows.
 */

const SECRET_PREFIX = 'whsec_';

/** The key of a `whsec_<base64>` secret; throws naming the problem otherwise. */
export function webhookKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error(`a webhook secret must start with ${SECRET_PREFIX}`);
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 24) throw new Error('a webhook secret must hold at least 24 bytes of base64 after whsec_');
  return key;
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function webhookHeaders(id: string, sentAt: Date, body: string, keys: Buffer[]): WebhookHeaders {
  const timestamp = String(Math.floor(sentAt.getTime() / 1000));
  const signed = `${id}.${timestamp}.${body}`;
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': keys.map((key) => `v1,${createHmac('sha256', key).update(signed).digest('base64')}`).join(' '),
  };
}
