import { Inject, Injectable } from '@nestjs/common';
import type { OrderOutcomeEvent, TraceContext } from '@surge/contracts';
import { PinoLogger } from 'nestjs-pino';
import { Counter, Histogram, Registry } from 'prom-client';
import type { NotifierConfig } from '../config';
import { NOTIFIER_CONFIG } from '../config.token';
import { ChannelPacing } from './channel-pacing';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel';
import { NotificationLog, type NotificationRow } from './notification-log';

/** A notification tried the maximum number of times: marked failed, for the dead-letter topic. */
export interface GaveUp {
  event: OrderOutcomeEvent;
  channel: string;
  reason: string;
}

export function gaveUpReason(row: Pick<NotificationRow, 'channel' | 'attempts' | 'lastError'>): string {
  return `${row.channel} failed ${row.attempts} time(s), last: ${row.lastError ?? 'no error recorded'}`;
}

/** The fields of every line about one notification. */
interface NotificationLine {
  orderId: string;
  traceId: string | undefined;
  spanId: string | undefined;
  channel: string;
}

/**
 * Tells each outcome on every channel that wants it, at least once: a send
 * recorded as sent is never repeated; a crash between the send and its record
 * sends it again, with the same Message-ID / webhook id, so the receiver can
 * drop it. A send that keeps failing is given up after maxAttempts tries
 * (marked failed, dead-lettered by the caller), so a dead channel delays its
 * partition by a bounded number of retries and never holds it.
 */
@Injectable()
export class Notifier {
  private readonly notifications: Counter<'channel' | 'outcome'>;
  private readonly latency: Histogram<'channel'>;

  constructor(
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[],
    private readonly log: NotificationLog,
    private readonly pacing: ChannelPacing,
    @Inject(NOTIFIER_CONFIG) private readonly config: Pick<NotifierConfig, 'maxAttempts'>,
    registry: Registry,
    private readonly logger: PinoLogger,
  ) {
    this.notifications = new Counter({
      name: 'surge_notifier_notifications_total',
      help:
        'Sends by channel and outcome (ok, failed: one try, dead_lettered: given up after the last try, ' +
        'dropped: endpoint gone, skipped: settled before)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'surge_notifier_delivery_seconds',
      help: "From the order's placement to its notification sent, by channel",
      labelNames: ['channel'],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      registers: [registry],
    });
  }

  /** The channel registered under this name, if it is configured. */
  channel(name: string): NotificationChannel | undefined {
    return this.channels.find((c) => c.name === name);
  }

  /**
   * Sends what is due for every event and returns what was given up. Throws
   * after trying them all if a send failed below the maximum, so the batch is
   * retried after a backoff (what was sent is not sent again).
   * `traces`: by eventId, the notifier's span in the order's trace, which its lines carry.
   */
  async notify(events: OrderOutcomeEvent[], traces: ReadonlyMap<string, TraceContext> = new Map()): Promise<GaveUp[]> {
    const due = events.flatMap((event) =>
      this.channels.filter((c) => c.wants(event)).map((channel) => ({ event, channel })),
    );
    const rows = await Promise.all(due.map(({ event, channel }) => this.log.open(event, channel.name)));
    // Started in the batch's order: each takes its channel's next pacing slot before its first wait, so a
    // paced channel sends in the order the outcomes came.
    const results = await Promise.allSettled(
      due.map(({ event, channel }, i) => this.settle(event, channel, rows[i], traces.get(event.eventId))),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      throw new Error(`${failed.length} notification(s) failed, first: ${(failed[0].reason as Error).message}`);
    }
    return results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  }

  /**
   * Ops asking for one channel again: the row is reset and the send tried
   * once now, with the same deterministic ids as before. A failure marks it
   * failed at once (ops are there to see it) instead of being retried.
   */
  async resend(event: OrderOutcomeEvent, channel: NotificationChannel): Promise<NotificationRow> {
    await this.log.reopen(event.orderId, channel.name, 'any');
    await this.settle(event, channel, await this.log.open(event, channel.name), undefined, 1);
    const row = await this.log.find(event.orderId, channel.name);
    if (!row) throw new Error(`notification ${event.orderId}/${channel.name} vanished`);
    return row;
  }

  /** Sends a notification whose row was opened, unless it is settled; records what came of it. */
  private async settle(
    event: OrderOutcomeEvent,
    channel: NotificationChannel,
    row: NotificationRow,
    trace?: TraceContext,
    maxAttempts = this.config.maxAttempts,
  ): Promise<GaveUp | null> {
    const about: NotificationLine = {
      orderId: event.orderId,
      traceId: trace?.traceId,
      spanId: trace?.spanId,
      channel: channel.name,
    };
    if (row.status === 'sent' || row.status === 'dropped') {
      this.notifications.inc({ channel: channel.name, outcome: 'skipped' });
      return null;
    }
    // Given up before, but perhaps never dead-lettered (the batch that gave up was retried or cut short): again.
    if (row.status === 'failed') return { event, channel: channel.name, reason: gaveUpReason(row) };
    await this.pacing.acquire(channel.name);
    let result: Awaited<ReturnType<NotificationChannel['send']>>;
    try {
      result = await channel.send(event, trace);
    } catch (error) {
      return this.failed(event, channel, error as Error, maxAttempts, about);
    }
    if (result !== 'sent') {
      await this.log.recordDropped(event, channel.name, result.dropped);
      this.notifications.inc({ channel: channel.name, outcome: 'dropped' });
      return null;
    }
    await this.log.recordSent(event, channel.name);
    this.logger.logger.info({ ...about, step: 'notification.sent' }, `${channel.name} notification sent`);
    this.notifications.inc({ channel: channel.name, outcome: 'ok' });
    this.latency.observe({ channel: channel.name }, (Date.now() - Date.parse(event.placedAt)) / 1000);
    return null;
  }

  private async failed(
    event: OrderOutcomeEvent,
    channel: NotificationChannel,
    error: Error,
    maxAttempts: number,
    about: NotificationLine,
  ): Promise<GaveUp> {
    this.notifications.inc({ channel: channel.name, outcome: 'failed' });
    const row = await this.log.recordFailure(event, channel.name, error, maxAttempts);
    if (row.status !== 'failed') {
      this.logger.logger.warn(
        about,
        `${channel.name} for order ${event.orderId} failed (try ${row.attempts}): ${error.message}`,
      );
      throw error;
    }
    this.notifications.inc({ channel: channel.name, outcome: 'dead_lettered' });
    this.logger.logger.error(
      about,
      `${channel.name} for order ${event.orderId} given up after ${row.attempts} tries: ${error.message}`,
    );
    return { event, channel: channel.name, reason: gaveUpReason(row) };
  }
}
