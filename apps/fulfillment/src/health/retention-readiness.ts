import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@surge/observability';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';
import { RetentionWatch } from '../retention/retention-watch.service';

/**
 * The backlog's age against retention, reported beside readiness but never
 * making the instance unready (a restart would not drain it sooner): past the
 * warning share it says `state: "warning"` and names the partitions.
 */
@Injectable()
export class RetentionReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly retention: RetentionWatch,
    @Inject(FULFILLMENT_CONFIG) private readonly config: FulfillmentConfig,
  ) {}

  check() {
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
}
