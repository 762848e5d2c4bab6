import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';
import { RetentionWatch } from '../retention/retention-watch.service';
import type { KafkaBatchTransport } from '@surge/kafka';
import { DRAIN_TRANSPORT } from '../drain/drain.tokens';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly retention: RetentionWatch,
    @Inject(FULFILLMENT_CONFIG) private readonly config: FulfillmentConfig,
    @Inject(DRAIN_TRANSPORT) private readonly transport: KafkaBatchTransport,
  ) {}

  /** The process answers: restart it if this fails. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * The database answers and no partition is held by dead letters that
   * cannot be written: draining can make progress. The backlog's age
   * against retention is reported beside it but never makes the instance
   * unready (a restart would not drain it sooner): past the warning share
   * it says `state: "warning"` and names the partitions.
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('mysql', { timeout: 2000 }),
      () => this.deadLetters(),
      () => this.retentionState(),
    ]);
  }

  private retentionState() {
    const indicator = this.indicators.check('retention');
    const check = this.retention.last();
    if (!check) return indicator.up({ state: 'unknown' });
    if (check.warnings.length === 0) return indicator.up({ state: 'ok', checkedAt: check.checkedAt });
    return indicator.up({
      state: 'warning',
      message: `the oldest undrained orders are past ${this.config.retentionWarningShare * 100}% of retention`,
      retentionSeconds: check.retentionSeconds,
      checkedAt: check.checkedAt,
      partitions: check.warnings.map(({ partition, oldestOrderAgeSeconds, secondsLeft, deletableAt }) => ({
        partition,
        oldestOrderAgeSeconds,
        secondsLeft,
        deletableAt,
      })),
    });
  }

  private deadLetters() {
    const indicator = this.indicators.check('deadLetters');
    const blocked = this.transport.deadLetterBlocks();
    return blocked.length === 0 ? indicator.up() : indicator.down({ blocked });
  }
}
