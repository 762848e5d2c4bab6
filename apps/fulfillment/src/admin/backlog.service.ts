import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { RetentionWatch, type PartitionBacklog } from '../retention/retention-watch.service';

export interface Backlog {
  topic: string;
  groupId: string;
  /** Per partition: offsets, lag, and the oldest undrained order's age and time left before Kafka may delete it. */
  partitions: PartitionBacklog[];
  /** The topic's retention.ms in seconds; null when unlimited. */
  retentionSeconds: number | null;
  groupMembers: number;
  totalLag: number;
  /** Orders stored per second over the last window, by every instance of the group together. */
  drainRatePerSecond: number;
  /** totalLag / drainRatePerSecond; null while nothing drains. */
  etaSeconds: number | null;
}

const RATE_WINDOW_SECONDS = 10;

@Injectable()
export class BacklogService {
  constructor(
    private readonly retention: RetentionWatch,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async backlog(): Promise<Backlog> {
    const { topic, groupId, partitions, retentionSeconds, groupMembers } = await this.retention.check();
    const totalLag = partitions.reduce((sum, p) => sum + p.lag, 0);
    // Measured where it matters, at the database: rows that arrived in the window.
    // With the database down the lag (from Kafka) is still worth answering: rate 0.
    const [row] = await this.db
      .query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM orders WHERE stored_at > NOW(3) - INTERVAL ? SECOND', [
        RATE_WINDOW_SECONDS,
      ])
      .catch(() => [{ n: 0 }]);
    const drainRatePerSecond = Number(row.n) / RATE_WINDOW_SECONDS;
    return {
      topic,
      groupId,
      partitions,
      retentionSeconds,
      groupMembers,
      totalLag,
      drainRatePerSecond,
      etaSeconds: drainRatePerSecond > 0 ? Math.ceil(totalLag / drainRatePerSecond) : totalLag === 0 ? 0 : null,
    };
  }
}
