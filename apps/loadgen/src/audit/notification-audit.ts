import type { Pool, RowDataPacket } from 'mysql2/promise';
import { MailDevApi, type CaughtMail } from '@surge/config';
import type { NotifyOptions } from '../cli/options';
import type { OrderOutcome } from '../load/load-runner';
import type { AuditCheck } from './audit-verdict';

const CHUNK = 1000;

export interface Notified {
  orderId: string;
  /** Channels the notifier should have sent this order's outcome on. */
  channels: string[];
  email: string | undefined;
}

export interface NotificationAudit {
  checks: AuditCheck[];
  /** Seconds from the start of the wait until every notification was settled (or the wait gave up). */
  waitedSeconds: number;
}

/**
 * --notify: every stored order of the run was told once on every configured
 * channel that wants it (the notifications table), and MailDev holds one mail
 * per order with an email. Waits, up to timeoutSeconds, until the notifier
 * has settled every expected notification (sent, dropped or failed): it runs
 * behind the drain.
 */
export async function auditNotifications(
  db: Pool,
  outcomes: OrderOutcome[],
  notify: NotifyOptions,
  timeoutSeconds: number,
): Promise<NotificationAudit> {
  const expected = await storedOrders(db, outcomes, notify);
  const started = performance.now();
  let statuses = await readStatuses(db, expected);
  while (!settled(expected, statuses) && performance.now() - started < timeoutSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    statuses = await readStatuses(db, expected);
  }
  const waitedSeconds = (performance.now() - started) / 1000;
  const checks = [tableCheck(expected, statuses)];
  if (notify.channels.includes('email')) checks.push(await mailCheck(expected, notify));
  return { checks, waitedSeconds };
}

async function storedOrders(db: Pool, outcomes: OrderOutcome[], notify: NotifyOptions): Promise<Notified[]> {
  const candidates = new Map<string, OrderOutcome['order']>();
  for (const outcome of outcomes) for (const id of outcome.orderIds) candidates.set(id, outcome.order);
  const ids = [...candidates.keys()];
  const stored: Notified[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const [rows] = await db.query<RowDataPacket[]>('SELECT id FROM orders WHERE id IN (?)', [ids.slice(i, i + CHUNK)]);
    for (const row of rows) {
      const contact = candidates.get(row.id as string)?.contact;
      const channels = notify.channels.filter(
        (c) => c === 'webhook' || (c === 'email' && contact?.email) || (c === 'sms' && contact?.phone),
      );
      stored.push({ orderId: row.id as string, channels, email: contact?.email });
    }
  }
  return stored;
}

/** `orderId/channel` → status, for the run's orders. */
async function readStatuses(db: Pool, expected: Notified[]): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  const ids = expected.map((e) => e.orderId);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const [rows] = await db.query<RowDataPacket[]>(
      'SELECT order_id, channel, status FROM notifications WHERE order_id IN (?)',
      [ids.slice(i, i + CHUNK)],
    );
    for (const row of rows) statuses.set(`${row.order_id as string}/${row.channel as string}`, row.status as string);
  }
  return statuses;
}

function settled(expected: Notified[], statuses: Map<string, string>): boolean {
  return expected.every((e) =>
    e.channels.every((c) => ['sent', 'dropped', 'failed'].includes(statuses.get(`${e.orderId}/${c}`) ?? '')),
  );
}

/** One `sent` row per stored order and channel that wants it; `statuses` is `orderId/channel` → status. */
export function tableCheck(expected: Notified[], statuses: Map<string, string>): AuditCheck {
  const perChannel = new Map<string, number>();
  const notSent: string[] = [];
  let total = 0;
  for (const e of expected) {
    for (const channel of e.channels) {
      total++;
      perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
      const status = statuses.get(`${e.orderId}/${channel}`) ?? 'missing';
      if (status !== 'sent') notSent.push(`${e.orderId} ${channel} ${status}`);
    }
  }
  const split = [...perChannel].map(([c, n]) => `${c} ${n}`).join(', ');
  return {
    name: 'every stored order notified once per channel',
    pass: notSent.length === 0,
    gate: true,
    expected: `${total} notifications sent (${split || 'none'}), one row per order and channel`,
    actual: `${total - notSent.length} sent, ${notSent.length} not sent`,
    ...(notSent.length > 0 ? { examples: notSent.slice(0, 5) } : {}),
  };
}

async function mailCheck(expected: Notified[], notify: NotifyOptions): Promise<AuditCheck> {
  return mailVerdict(expected, await new MailDevApi(notify.maildevUrl).mails(), notify.mailDuplicates);
}

/**
 * Exactly one mail per order with an email: none missing, every copy under
 * the order's one Message-ID, and at most `allowance` repeated copies.
 */
export function mailVerdict(expected: Notified[], mails: CaughtMail[], allowance: number): AuditCheck {
  const mailed = expected.filter((e) => e.email !== undefined);
  const byAddress = new Map<string, string[]>(mailed.map((e) => [e.email ?? '', []]));
  for (const mail of mails) {
    for (const { address } of mail.to) byAddress.get(address.toLowerCase())?.push(mail.headers['message-id'] ?? '');
  }
  const problems: string[] = [];
  let extraCopies = 0;
  for (const e of mailed) {
    const ids = byAddress.get(e.email ?? '') ?? [];
    if (ids.length === 0) problems.push(`${e.orderId}: no mail to ${e.email}`);
    else if (new Set(ids).size > 1) problems.push(`${e.orderId}: ${new Set(ids).size} different Message-IDs`);
    extraCopies += Math.max(0, ids.length - 1);
  }
  return {
    name: 'MailDev holds exactly one mail per order with an email',
    pass: problems.length === 0 && extraCopies <= allowance,
    gate: true,
    expected: `${mailed.length} mails, one per order${allowance > 0 ? `; up to ${allowance} repeated copies (same Message-ID) allowed` : ''}`,
    actual: `${mailed.length - problems.length} orders mailed, ${problems.length} missing or mixed, ${extraCopies} repeated copies`,
    ...(problems.length > 0 ? { examples: problems.slice(0, 5) } : {}),
  };
}
