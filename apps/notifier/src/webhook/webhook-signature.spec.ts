import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { webhookHeaders, webhookKey } from './webhook-signature';

const secret = `whsec_${randomBytes(32).toString('base64')}`;
const body = '{"orderId":"o-1","status":"fulfilled"}';

describe('webhookHeaders', () => {
  it('signs id.timestamp.body as Standard Webhooks receivers verify it', () => {
    const headers = webhookHeaders('msg_1', new Date(), body, [webhookKey(secret)]);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('gives the timestamp in whole seconds, and signs once per secret for rotation', () => {
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    const headers = webhookHeaders('msg_2', new Date(1_764_600_000_999), body, [webhookKey(secret), webhookKey(other)]);
    expect(headers['webhook-timestamp']).toBe('1764600000');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
  });

  it('matches the signature the reference library computes', () => {
    const at = new Date();
    expect(webhookHeaders('msg_3', at, body, [webhookKey(secret)])['webhook-signature']).toBe(
      new Webhook(secret).sign('msg_3', at, body),
    );
  });
});

describe('webhookKey', () => {
  it.each([
    ['no prefix', randomBytes(32).toString('base64'), 'must start with whsec_'],
    ['a short key', `whsec_${randomBytes(8).toString('base64')}`, 'at least 24 bytes'],
  ])('refuses %s', (_, value, message) => {
    expect(() => webhookKey(value)).toThrow(message);
  });
});
