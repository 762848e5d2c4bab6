import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrderOutcomeEvent } from '@surge/contracts';
import { Counter, Histogram, Registry } from 'prom-client';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel';
import { NotificationLog } from './notification-log';

/**
 * Tells each outcome on every channel that wants it, at least once: a send
 * recorded as sent is never repeated; a crash between the send and its record
 * sends it again, with the same Message-ID / webhook id, so the receiver can
 * drop it.
 */
@Injectable()
export class Notifier {
  private readonly logger = new Logger(Notifier.name);
  private readonly notifications: Counter<'channel' | 'outcome'>;
  private readonly latency: Histogram<'channel'>;

  constructor(
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[],
    private readonly log: NotificationLog,
    registry: Registry,
  ) {
    this.notifications = new Counter({
      name: 'surge_notifier_notifications_total',
      help: 'Sends by channel and outcome (ok, failed, dropped: endpoint gone, skipped: settled before)',
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

  /** Sends what is due for every event; throws after trying them all if any send failed, so the batch is retried. */
  async notify(events: OrderOutcomeEvent[]): Promise<void> {
    const sends = events.flatMap((event) =>
      this.channels.filter((c) => c.wants(event)).map((channel) => this.sendOnce(event, channel)),
    );
    const failed = (await Promise.allSettled(sends)).filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      throw new Error(`${failed.length} notification(s) failed, first: ${(failed[0].reason as Error).message}`);
    }
  }

  private async sendOnce(event: OrderOutcomeEvent, channel: NotificationChannel): Promise<void> {
    if (await this.log.alreadySettled(event, channel.name)) {
      this.notifications.inc({ channel: channel.name, outcome: 'skipped' });
      return;
    }
    let result: Awaited<ReturnType<NotificationChannel['send']>>;
    try {
      result = await channel.send(event);
    } catch (error) {
      this.notifications.inc({ channel: channel.name, outcome: 'failed' });
      this.logger.warn(`${channel.name} for order ${event.orderId} failed: ${(error as Error).message}`);
      await this.log.recordFailure(event, channel.name, error as Error);
      throw error;
    }
    if (result !== 'sent') {
      await this.log.recordDropped(event, channel.name, result.dropped);
      this.notifications.inc({ channel: channel.name, outcome: 'dropped' });
      return;
    }
    await this.log.recordSent(event, channel.name);
    this.notifications.inc({ channel: channel.name, outcome: 'ok' });
    this.latency.observe({ channel: channel.name }, (Date.now() - Date.parse(event.placedAt)) / 1000);
  }
}
