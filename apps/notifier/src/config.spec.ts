import { loadNotifierConfig } from './config';

describe('loadNotifierConfig', () => {
  it('has working defaults: the local stack, the mail catcher, the outcomes topic, group notifier', () => {
    expect(loadNotifierConfig({})).toMatchObject({
      port: 3002,
      host: '0.0.0.0',
      kafkaBrokers: ['127.0.0.1:9092'],
      groupId: 'notifier',
      outcomesTopic: 'orders.outcomes',
      notificationsDeadLetterTopic: 'notifications.dlq',
      smtpUrl: 'smtp://127.0.0.1:1025',
      maxAttempts: 8,
      rates: { email: 0, sms: 0, webhook: 0 },
      adminToken: undefined,
    });
  });

  it('reads a rate per channel in sends per second, fractions included', () => {
    expect(
      loadNotifierConfig({ NOTIFY_SMS_RATE: '0.5', NOTIFY_EMAIL_RATE: '200', NOTIFY_WEBHOOK_RATE: '50' }).rates,
    ).toEqual({ email: 200, sms: 0.5, webhook: 50 });
  });

  it.each([
    ['NOTIFIER_PORT', 'http'],
    ['NOTIFIER_HOST', 'http://x'],
    ['NOTIFY_BATCH_SIZE', '0'],
    ['NOTIFY_RETRY_MAX_MS', '-1'],
    ['SMTP_URL', 'not a url'],
    ['NOTIFY_SMS_RATE', '-1'],
    ['NOTIFY_EMAIL_RATE', 'fast'],
    ['NOTIFY_WEBHOOK_RATE', ''],
    ['NOTIFY_MAX_ATTEMPTS', '0'],
    ['ADMIN_TOKEN', 'short'],
    ['SMTP_TIMEOUT_MS', '0'],
  ])('stops with the name of %s when it is %p', (name, value) => {
    expect(() => loadNotifierConfig({ [name]: value })).toThrow(name);
  });

  it('turns webhooks on with a URL and its secrets, and stops naming WEBHOOK_SECRETS when they are missing or bad', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(loadNotifierConfig({ WEBHOOK_URL: 'https://shop.example/hooks', WEBHOOK_SECRETS: secret })).toMatchObject({
      webhookUrl: 'https://shop.example/hooks',
      webhookSecrets: [secret],
    });
    expect(loadNotifierConfig({})).toMatchObject({ webhookUrl: undefined, webhookSecrets: [] });
    expect(() => loadNotifierConfig({ WEBHOOK_URL: 'https://shop.example/hooks' })).toThrow('WEBHOOK_SECRETS');
    expect(() =>
      loadNotifierConfig({ WEBHOOK_URL: 'https://shop.example/hooks', WEBHOOK_SECRETS: 'plain-text-secret-123' }),
    ).toThrow(/WEBHOOK_SECRETS.*whsec_/);
  });

  it('turns SMS on with a gateway URL and its token, and stops naming SMS_GATEWAY_TOKEN when it is missing or short', () => {
    expect(
      loadNotifierConfig({
        SMS_GATEWAY_URL: 'https://sms.example/messages',
        SMS_GATEWAY_TOKEN: 'a-token-of-24-characters',
      }),
    ).toMatchObject({ smsGatewayUrl: 'https://sms.example/messages', smsGatewayToken: 'a-token-of-24-characters' });
    expect(() => loadNotifierConfig({ SMS_GATEWAY_URL: 'https://sms.example/messages' })).toThrow('SMS_GATEWAY_TOKEN');
    expect(() =>
      loadNotifierConfig({ SMS_GATEWAY_URL: 'https://sms.example/messages', SMS_GATEWAY_TOKEN: 'short' }),
    ).toThrow('SMS_GATEWAY_TOKEN');
  });
});
