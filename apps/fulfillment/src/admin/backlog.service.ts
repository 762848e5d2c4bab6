import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { consumerLag, KAFKA_CLIENT, type Kafka, type PartitionLag } from '@surge/kafka';
import type { DataSource } from 'typeorm';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';

export interface Backlog {
  topic: string;
  groupId: string;
  partitions: PartitionLag[];
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
    @Inject(FULFILLMENT_CONFIG) private readonly config: FulfillmentConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async backlog(): Promise<Backlog> {
    const partitions = await consumerLag(this.kafka, this.config.groupId, this.config.ordersTopic);
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
      topic: this.config.ordersTopic,
      groupId: this.config.groupId,
      partitions,
      totalLag,
      drainRatePerSecond,
      etaSeconds: drainRatePerSecond > 0 ? Math.ceil(totalLag / drainRatePerSecond) : totalLag === 0 ? 0 : null,
    };
  }
}
