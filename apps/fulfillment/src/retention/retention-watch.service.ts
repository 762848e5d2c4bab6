import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  consumerLag,
  describeTopicConfig,
  groupMemberCount,
  KAFKA_CLIENT,
  offsetTimestamps,
  type Kafka,
  type PartitionLag,
} from '@surge/kafka';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';

export interface PartitionBacklog extends PartitionLag {
  /** Age of the oldest order the group has yet to drain from this partition; 0 when there is none. */
  oldestOrderAgeSeconds: number;
  /** When Kafka may delete that order (its timestamp + retention.ms); null when nothing waits or retention is unlimited. */
  deletableAt: string | null;
  secondsLeft: number | null;
}

export interface RetentionCheck {
  topic: string;
  groupId: string;
  /** retention.ms of the topic in seconds; null when unlimited (-1). */
  retentionSeconds: number | null;
  groupMembers: number;
  partitions: PartitionBacklog[];
  /** Partitions whose oldest order is past the warning share of retention. */
  warnings: PartitionBacklog[];
  checkedAt: string;
}

/**
 * Watches how close the backlog is to Kafka's retention: per partition, the
 * age of the oldest order the group has not drained (from Kafka's time index,
 * whoever owns the partition), the topic's retention.ms (an operator may have
 * raised it) and the group's members. Health, metrics and GET /admin/backlog
 * read it. A stalled drain is exactly when this matters, so it never waits for
 * the consumer: it asks the broker.
 */
@Injectable()
export class RetentionWatch implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionWatch.name);
  private timer: NodeJS.Timeout | null = null;
  private latest: RetentionCheck | null = null;
  private ticking: Promise<void> | null = null;
  /** partition → the offset last looked up and its timestamp: a stalled partition costs no lookup. */
  private readonly timestamps = new Map<number, { offset: bigint; timestampMs: number }>();

  constructor(
    @Inject(FULFILLMENT_CONFIG) private readonly config: FulfillmentConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      // One check at a time: a slow broker must not pile them up.
      if (this.ticking) return;
      this.ticking = this.check()
        .then(
          () => undefined,
          (error: Error) => this.logger.warn(`checking the backlog against retention failed: ${error.message}`),
        )
        .finally(() => (this.ticking = null));
    };
    tick();
    this.timer = setInterval(tick, this.config.retentionCheckMs);
    this.timer.unref();
  }

  /** Lets a check in flight finish, so no admin client outlives the app. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
  }

  /** The last completed check; null until the first one completes. */
  last(): RetentionCheck | null {
    return this.latest;
  }

  /** Reads everything from Kafka now. */
  async check(): Promise<RetentionCheck> {
    const { ordersTopic: topic, groupId, retentionWarningShare } = this.config;
    const [lags, retention, groupMembers] = await Promise.all([
      consumerLag(this.kafka, groupId, topic),
      describeTopicConfig(this.kafka, topic, 'retention.ms'),
      groupMemberCount(this.kafka, groupId),
    ]);
    const nowMs = Date.now();
    const retentionMs = retention === undefined || Number(retention) < 0 ? null : Number(retention);
    const timestamps = await this.oldestTimestamps(topic, lags, nowMs);
    const partitions = lags.map((lag): PartitionBacklog => {
      const timestampMs = timestamps.get(lag.partition);
      if (timestampMs === undefined || Number.isNaN(timestampMs)) {
        return { ...lag, oldestOrderAgeSeconds: 0, deletableAt: null, secondsLeft: null };
      }
      const deletableMs = retentionMs === null ? null : timestampMs + retentionMs;
      return {
        ...lag,
        oldestOrderAgeSeconds: Math.max(0, Math.round((nowMs - timestampMs) / 1000)),
        deletableAt: deletableMs === null ? null : new Date(deletableMs).toISOString(),
        secondsLeft: deletableMs === null ? null : Math.round((deletableMs - nowMs) / 1000),
      };
    });
    const warnings =
      retentionMs === null
        ? []
        : partitions.filter((p) => p.oldestOrderAgeSeconds * 1000 >= retentionWarningShare * retentionMs);
    const check: RetentionCheck = {
      topic,
      groupId,
      retentionSeconds: retentionMs === null ? null : retentionMs / 1000,
      groupMembers,
      partitions,
      warnings,
      checkedAt: new Date(nowMs).toISOString(),
    };
    this.latest = check;
    return check;
  }

  /** Timestamp of the first order still to drain, for each partition with a backlog. */
  private async oldestTimestamps(topic: string, lags: PartitionLag[], nowMs: number): Promise<Map<number, number>> {
    const waiting = lags
      .filter((p) => p.lag > 0)
      .map((p) => {
        const start = BigInt(p.startOffset);
        const committed = p.committedOffset === null ? start : BigInt(p.committedOffset);
        return { partition: p.partition, offset: committed > start ? committed : start };
      });
    // An unmoved position keeps its timestamp; a moved one starts its search from the old timestamp.
    const lookups = waiting
      .filter((w) => this.timestamps.get(w.partition)?.offset !== w.offset)
      .map((w) => {
        const known = this.timestamps.get(w.partition);
        const atLeastMs =
          known && known.offset < w.offset && !Number.isNaN(known.timestampMs) ? known.timestampMs : undefined;
        return { ...w, atLeastMs };
      });
    const found = await offsetTimestamps(this.kafka, topic, lookups, nowMs);
    const result = new Map<number, number>();
    for (const { partition, offset } of waiting) {
      const timestampMs = found.get(partition) ?? this.timestamps.get(partition)?.timestampMs ?? Number.NaN;
      this.timestamps.set(partition, { offset, timestampMs });
      result.set(partition, timestampMs);
    }
    for (const partition of this.timestamps.keys()) if (!result.has(partition)) this.timestamps.delete(partition);
    return result;
  }
}
