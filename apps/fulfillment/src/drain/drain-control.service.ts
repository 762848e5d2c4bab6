import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { KafkaBatchTransport } from '@surge/kafka';
import type { DrainThrottle, ThrottleSnapshot } from '@surge/pacing';
import type { DataSource } from 'typeorm';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';
import { DRAIN_THROTTLE, DRAIN_TRANSPORT } from './drain.tokens';

export interface DrainState extends ThrottleSnapshot {
  paused: boolean;
}

interface ControlRow {
  rate_per_second: number;
  paused: number;
}

/**
 * The group's rate ceiling and pause switch live in one MySQL row per consumer
 * group, so a change made through any instance's admin API reaches every
 * instance within a poll interval. The environment only seeds the row; after
 * that the value ops set wins, also over a restart.
 */
@Injectable()
export class DrainControl implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DrainControl.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(FULFILLMENT_CONFIG) private readonly config: FulfillmentConfig,
    @Inject(DRAIN_TRANSPORT) private readonly transport: KafkaBatchTransport,
    @Inject(DRAIN_THROTTLE) private readonly throttle: DrainThrottle,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.db.query('INSERT IGNORE INTO drain_control (group_id, rate_per_second, paused) VALUES (?, ?, 0)', [
      this.config.groupId,
      this.config.rateCeiling,
    ]);
    await this.sync();
    this.timer = setInterval(() => {
      this.sync().catch((error: Error) => this.logger.warn(`reading drain settings failed: ${error.message}`));
    }, this.config.controlPollMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  state(): DrainState {
    return { ...this.throttle.snapshot(), paused: this.transport.isPaused };
  }

  async setRate(ratePerSecond: number): Promise<DrainState> {
    await this.db.query('UPDATE drain_control SET rate_per_second = ? WHERE group_id = ?', [
      ratePerSecond,
      this.config.groupId,
    ]);
    await this.sync();
    this.logger.log(`group ${this.config.groupId} rate ceiling set to ${ratePerSecond}/s`);
    return this.state();
  }

  async setPaused(paused: boolean): Promise<DrainState> {
    await this.db.query('UPDATE drain_control SET paused = ? WHERE group_id = ?', [
      paused ? 1 : 0,
      this.config.groupId,
    ]);
    await this.sync();
    this.logger.log(`group ${this.config.groupId} ${paused ? 'paused' : 'resumed'}`);
    return this.state();
  }

  private async sync(): Promise<void> {
    const [row] = await this.db.query<ControlRow[]>(
      'SELECT rate_per_second, paused FROM drain_control WHERE group_id = ?',
      [this.config.groupId],
    );
    if (!row) return;
    if (Number(row.rate_per_second) !== this.throttle.snapshot().groupCeiling) {
      this.throttle.setGroupCeiling(Number(row.rate_per_second));
    }
    const paused = Number(row.paused) === 1;
    if (paused && !this.transport.isPaused) this.transport.pause();
    if (!paused && this.transport.isPaused) this.transport.resume();
  }
}
