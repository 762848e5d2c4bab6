import type { CaughtMail } from '@surge/config';
import { mailVerdict, tableCheck, type Notified } from './notification-audit';

const orders: Notified[] = [
  { orderId: 'o-1', channels: ['email', 'webhook'], email: 'run-k1@shoppers.example' },
  { orderId: 'o-2', channels: ['email', 'webhook'], email: 'run-k2@shoppers.example' },
  { orderId: 'o-3', channels: ['webhook'], email: undefined },
];

const mail = (to: string, messageId: string): CaughtMail => ({
  subject: 's',
  text: 't',
  to: [{ address: to }],
  headers: { 'message-id': messageId },
});

describe('notification audit', () => {
  it('passes when every order and channel that wants it has a sent row', () => {
    const statuses = new Map(
      orders.flatMap((o) => o.channels.map((c) => [`${o.orderId}/${c}`, 'sent'] as [string, string])),
    );
    expect(tableCheck(orders, statuses)).toMatchObject({
      pass: true,
      expected: '5 notifications sent (email 2, webhook 3), one row per order and channel',
      actual: '5 sent, 0 not sent',
    });
  });

  it('fails naming a notification not sent, failed or missing', () => {
    const statuses = new Map([
      ['o-1/email', 'sent'],
      ['o-1/webhook', 'failed'],
      ['o-2/email', 'sent'],
      ['o-2/webhook', 'sent'],
    ]);
    expect(tableCheck(orders, statuses)).toMatchObject({
      pass: false,
      actual: '3 sent, 2 not sent',
      examples: ['o-1 webhook failed', 'o-3 webhook missing'],
    });
  });

  it('wants one mail per order with an email, under one Message-ID, whatever the case of the address', () => {
    const mails = [mail('run-k1@shoppers.example', '<a@x>'), mail('RUN-K2@shoppers.example', '<b@x>')];
    expect(mailVerdict(orders, mails, 0)).toMatchObject({
      pass: true,
      actual: '2 orders mailed, 0 missing or mixed, 0 repeated copies',
    });
  });

  it('counts repeated copies against the allowance, and fails a missing mail or a second Message-ID', () => {
    const repeated = [
      mail('run-k1@shoppers.example', '<a@x>'),
      mail('run-k1@shoppers.example', '<a@x>'),
      mail('run-k2@shoppers.example', '<b@x>'),
    ];
    expect(mailVerdict(orders, repeated, 0)).toMatchObject({
      pass: false,
      actual: expect.stringContaining('1 repeated copies'),
    });
    expect(mailVerdict(orders, repeated, 1).pass).toBe(true);

    expect(mailVerdict(orders, [mail('run-k1@shoppers.example', '<a@x>')], 5)).toMatchObject({
      pass: false,
      examples: ['o-2: no mail to run-k2@shoppers.example'],
    });
    const mixed = [
      mail('run-k1@shoppers.example', '<a@x>'),
      mail('run-k1@shoppers.example', '<c@x>'),
      mail('run-k2@shoppers.example', '<b@x>'),
    ];
    expect(mailVerdict(orders, mixed, 5)).toMatchObject({ pass: false, examples: ['o-1: 2 different Message-IDs'] });
  });
});
