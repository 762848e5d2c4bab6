import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DrainSettings, KafkaBatchTransport } from '@surge/kafka';
import {
  ceilingInForce,
  type CeilingInForce,
  type DrainSchedule,
  type DrainThrottle,
  type ThrottleSnapshot,
} from '@surge/pacing';
import type { DataSource } from 'typeorm';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';
import { DRAIN_THROTTLE, DRAIN_TRANSPORT } from './drain.tokens';

/** Stored below this share of the effective rate, unpaced and with a backlog, the drain is behind. */
const BEHIND_SHARE = 0.95;

/** What this instance runs with now, as GET /admin/throttle shows it. */
export interface DrainState extends ThrottleSnapshot {
  paused: boolean;
  /** Batches being written now; paused with 0 in hand, nothing more is stored until resume. */
  batchesInHand: number;
  settings: DrainSettings;
  ceiling: {
    source: CeilingInForce['source'];
    /** The manual ceiling, and whether it overrides a schedule. */
    manualRatePerSecond: number;
    overridesSchedule: boolean;
    schedule: DrainSchedule | null;
    activeWindow: { from: string; to: string; ratePerSecond: number; endsAt: string } | null;
    nextWindow: { from: string; to: string; ratePerSecond: number; beginsAt: string } | null;
  };
  /** Why this instance drains below its share of the ceiling, when it does. */
  belowCeiling: { since: string | null; reason: string } | null;
}

/** One instance's status row, as GET /admin/group lists it. */
export interface MemberStatus {
  memberId: string;
  host: string;
  pid: number;
  partitions: number[];
  share: number;
  instanceCeiling: number;
  effectiveRate: number;
  measuredRate: number;
  paused: boolean;
  settings: DrainSettings;
  heartbeatAt: string;
}

export interface GroupView {
  groupId: string;
  /** The stored settings every member converges to within a poll interval. */
  settings: DrainSettings;
  members: MemberStatus[];
}

interface ControlRow {
  rate_per_second: number;
  paused: number;
  partitions_concurrency: number;
  batch_size: number;
  schedule: string | null;
  rate_override: number;
}

/**
 * The group's drain settings live in one MySQL row per consumer group: ceiling
 * (manual or scheduled), pause switch, concurrency and batch size. Every
 * instance reads it each poll interval and applies what changed, so a change
 * made through any instance reaches all of them within about a second. The
 * environment only seeds the row; after that the values ops set win, also
 * over a restart. Each instance also writes its own status row at the same
 * pace, so any instance can describe the whole group: Kafka's describeGroups
 * knows members and assignments but not the rates and settings ops need.
 */
@Injectable()
export class DrainControl implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DrainControl.name);
  private readonly memberId = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private row: ControlRow | null = null;
  private ceiling: CeilingInForce | null = null;
  /** First poll that found the drain at its own limit, while it stays there. */
  private behindSince: Date | null = null;

  constructor(
    @Inject(FULFILLMENT_CONFIG) private readonly config: FulfillmentConfig,
    @Inject(DRAIN_TRANSPORT) private readonly transport: KafkaBatchTransport,
    @Inject(DRAIN_THROTTLE) private readonly throttle: DrainThrottle,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Rows made before concurrency and batch size were stored get this instance's configured values.
    await this.db.query(
      `INSERT INTO drain_control (group_id, rate_per_second, paused, partitions_concurrency, batch_size)
       VALUES (?, ?, 0, ?, ?)
       ON DUPLICATE KEY UPDATE partitions_concurrency = COALESCE(partitions_concurrency, VALUES(partitions_concurrency)),
                               batch_size = COALESCE(batch_size, VALUES(batch_size))`,
      [this.config.groupId, this.config.rateCeiling, this.config.partitionsConcurrency, this.config.batchSize],
    );
    // Rows of members that died without saying goodbye (kill -9) are only clutter after a while.
    await this.db.query('DELETE FROM drain_members WHERE group_id = ? AND heartbeat_at < NOW(3) - INTERVAL 1 HOUR', [
      this.config.groupId,
    ]);
    await this.sync();
    this.timer = setInterval(() => {
      this.sync().catch((error: Error) => this.logger.warn(`reading drain settings failed: ${error.message}`));
    }, this.config.controlPollMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.syncing?.catch(() => undefined);
    await this.db
      .query('DELETE FROM drain_members WHERE group_id = ? AND member_id = ?', [this.config.groupId, this.memberId])
      .catch((error: Error) => this.logger.warn(`removing this member's status failed: ${error.message}`));
  }

  state(): DrainState {
    const snapshot = this.throttle.snapshot();
    const row = this.row;
    const scheduled = this.ceiling?.scheduled ?? null;
    const schedule = row?.schedule ? (JSON.parse(row.schedule) as DrainSchedule) : null;
    return {
      ...snapshot,
      paused: this.transport.isPaused,
      batchesInHand: this.transport.batchesInHand,
      settings: this.transport.runSettings,
      ceiling: {
        source: this.ceiling?.source ?? 'manual',
        manualRatePerSecond: Number(row?.rate_per_second ?? this.config.rateCeiling),
        overridesSchedule: schedule !== null && Number(row?.rate_override) === 1,
        schedule,
        activeWindow:
          scheduled?.window && scheduled.windowEndsAt
            ? { ...scheduled.window, endsAt: scheduled.windowEndsAt.toISOString() }
            : null,
        nextWindow:
          scheduled?.nextWindow && scheduled.nextWindowAt
            ? { ...scheduled.nextWindow, beginsAt: scheduled.nextWindowAt.toISOString() }
            : null,
      },
      belowCeiling: this.belowCeiling(snapshot),
    };
  }

  /** A manual ceiling; while a schedule exists it overrides the schedule until clearOverride(). */
  async setRate(ratePerSecond: number): Promise<DrainState> {
    await this.update('rate_per_second = ?, rate_override = 1', [ratePerSecond]);
    this.logger.log(`group ${this.config.groupId} rate ceiling set to ${ratePerSecond}/s`);
    return this.state();
  }

  async clearOverride(): Promise<DrainState> {
    await this.update('rate_override = 0', []);
    this.logger.log(`group ${this.config.groupId} ceiling follows its schedule again`);
    return this.state();
  }

  /** A new schedule is followed at once: it clears a manual override. null removes the schedule. */
  async setSchedule(schedule: DrainSchedule | null): Promise<DrainState> {
    await this.update('schedule = ?, rate_override = 0', [schedule ? JSON.stringify(schedule) : null]);
    this.logger.log(`group ${this.config.groupId} schedule ${schedule ? 'set' : 'removed'}`);
    return this.state();
  }

  async setPaused(paused: boolean): Promise<DrainState> {
    await this.update('paused = ?', [paused ? 1 : 0]);
    this.logger.log(`group ${this.config.groupId} ${paused ? 'paused' : 'resumed'}`);
    return this.state();
  }

  /**
   * Stores new settings for the group. Instances apply them at their next
   * poll; a new concurrency restarts the run loop after the batch in hand
   * commits, so the answer gives the stored settings, not yet the running ones.
   */
  async setSettings(settings: Partial<DrainSettings>): Promise<DrainSettings> {
    const current = await this.readRow();
    const next: DrainSettings = {
      partitionsConcurrency: settings.partitionsConcurrency ?? Number(current.partitions_concurrency),
      batchSize: settings.batchSize ?? Number(current.batch_size),
    };
    await this.update('partitions_concurrency = ?, batch_size = ?', [next.partitionsConcurrency, next.batchSize]);
    this.logger.log(
      `group ${this.config.groupId} settings: ${next.partitionsConcurrency} partitions at once, batches of ${next.batchSize}`,
    );
    return next;
  }

  /** The group's stored settings and its members whose status row is fresh (silent for three polls = gone). */
  async group(): Promise<GroupView> {
    const row = await this.readRow();
    const rows = await this.db.query<Array<{ status: string }>>(
      `SELECT status FROM drain_members
       WHERE group_id = ? AND heartbeat_at > NOW(3) - INTERVAL ? MICROSECOND ORDER BY host, member_id`,
      [this.config.groupId, this.config.controlPollMs * 3 * 1000],
    );
    return {
      groupId: this.config.groupId,
      settings: { partitionsConcurrency: Number(row.partitions_concurrency), batchSize: Number(row.batch_size) },
      members: rows.map((r) => JSON.parse(r.status) as MemberStatus),
    };
  }

  private async update(assignments: string, values: unknown[]): Promise<void> {
    await this.db.query(`UPDATE drain_control SET ${assignments} WHERE group_id = ?`, [...values, this.config.groupId]);
    await this.sync();
  }

  private async readRow(): Promise<ControlRow> {
    const [row] = await this.db.query<ControlRow[]>(
      `SELECT rate_per_second, paused, partitions_concurrency, batch_size, schedule, rate_override
       FROM drain_control WHERE group_id = ?`,
      [this.config.groupId],
    );
    if (!row) throw new Error(`no drain_control row for group ${this.config.groupId}`);
    return row;
  }

  /** One sync at a time: a poll that lands while an admin call syncs waits for it and runs again. */
  private async sync(): Promise<void> {
    while (this.syncing) await this.syncing.catch(() => undefined);
    this.syncing = this.apply();
    try {
      await this.syncing;
    } finally {
      this.syncing = null;
    }
  }

  private async apply(): Promise<void> {
    const row = await this.readRow();
    this.row = row;
    this.ceiling = ceilingInForce(
      {
        manualRatePerSecond: Number(row.rate_per_second),
        overridden: Number(row.rate_override) === 1,
        schedule: row.schedule ? (JSON.parse(row.schedule) as DrainSchedule) : null,
      },
      new Date(),
    );
    if (this.ceiling.ratePerSecond !== this.throttle.snapshot().groupCeiling) {
      this.throttle.setGroupCeiling(this.ceiling.ratePerSecond);
    }
    const paused = Number(row.paused) === 1;
    if (paused && !this.transport.isPaused) this.transport.pause();
    if (!paused && this.transport.isPaused) this.transport.resume();
    const wanted = { partitionsConcurrency: Number(row.partitions_concurrency), batchSize: Number(row.batch_size) };
    const running = this.transport.runSettings;
    if (wanted.partitionsConcurrency !== running.partitionsConcurrency || wanted.batchSize !== running.batchSize) {
      // Not awaited here: a restart waits for the batch in hand, and the status row must keep beating meanwhile.
      this.transport
        .reconfigure(wanted)
        .catch((error: Error) => this.logger.error(`applying drain settings failed: ${error.message}`));
    }
    this.behindSince = this.isBehind(this.throttle.snapshot()) ? (this.behindSince ?? new Date()) : null;
    await this.heartbeat();
  }

  private async heartbeat(): Promise<void> {
    const snapshot = this.throttle.snapshot();
    const status: Omit<MemberStatus, 'heartbeatAt'> = {
      memberId: this.memberId,
      host: hostname(),
      pid: process.pid,
      partitions: this.transport.assignedPartitions,
      share: snapshot.share,
      instanceCeiling: snapshot.instanceCeiling,
      effectiveRate: snapshot.effectiveRate,
      measuredRate: snapshot.measuredRate,
      paused: this.transport.isPaused,
      settings: this.transport.runSettings,
    };
    // The database's clock for heartbeat_at, so freshness is judged on one clock whatever the instances' are.
    await this.db.query(
      `INSERT INTO drain_members (group_id, member_id, host, status, heartbeat_at) VALUES (?, ?, ?, ?, NOW(3))
       ON DUPLICATE KEY UPDATE status = VALUES(status), heartbeat_at = VALUES(heartbeat_at)`,
      [
        this.config.groupId,
        this.memberId,
        status.host,
        JSON.stringify({ ...status, heartbeatAt: new Date().toISOString() }),
      ],
    );
  }

  private belowCeiling(snapshot: ThrottleSnapshot): DrainState['belowCeiling'] {
    if (this.transport.isPaused) return { since: null, reason: 'paused by ops' };
    if (snapshot.groupCeiling > 0 && snapshot.share === 0) {
      return { since: null, reason: 'no partitions assigned to this instance (more instances than partitions?)' };
    }
    if (snapshot.groupCeiling <= 0) return null;
    if (snapshot.backoff) return snapshot.backoff;
    return this.writingBehind(snapshot);
  }

  /**
   * The effective rate is the ceiling's, yet fewer orders are stored: with a
   * backlog waiting and no batch held by the rate limiter, the drain writes as
   * fast as it can here. Said apart from backoff so ops raise what limits it
   * (database, broker, CPU) rather than the ceiling.
   */
  private writingBehind(snapshot: ThrottleSnapshot): DrainState['belowCeiling'] {
    if (!this.isBehind(snapshot)) return null;
    const { measuredRate, effectiveRate } = snapshot;
    return {
      since: this.behindSince?.toISOString() ?? null,
      reason:
        `writing ${Math.round(measuredRate)}/s of an effective ${Math.round(effectiveRate)}/s with ` +
        `${this.transport.backlog} orders waiting, and no batch waited for the rate limiter: the drain is at ` +
        `its own limit here (the database, the broker or this process's CPU), not at the ceiling`,
    };
  }

  private isBehind({ groupCeiling, measuredRate, effectiveRate, paced }: ThrottleSnapshot): boolean {
    // A second's worth waiting: less is a drain that keeps up with what arrives.
    const backlogged = this.transport.backlog >= effectiveRate;
    return groupCeiling > 0 && !paced && backlogged && measuredRate < effectiveRate * BEHIND_SHARE;
  }
}
