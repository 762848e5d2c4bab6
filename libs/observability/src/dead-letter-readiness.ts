import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from './health.module';

/** What holds partitions whose dead letters cannot be written: an app's batch transport. */
export interface DeadLetterSource {
  /** One entry per held partition (topic, partition, offset, reason, attempts, since). */
  deadLetterBlocks(): object[];
}

/** Provide it with `useExisting` the app's transport token, next to DeadLetterReadiness. */
export const DEAD_LETTER_SOURCE = Symbol('DEAD_LETTER_SOURCE');

/**
 * No partition is held by dead letters that cannot be written: while one is,
 * the instance is not ready and names the partition, offset and reason
 * (docs/operations.md, "A dead letter that cannot be written"). The same for
 * fulfillment's orders and the notifier's notifications.
 */
@Injectable()
export class DeadLetterReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(DEAD_LETTER_SOURCE) private readonly source: DeadLetterSource,
  ) {}

  check() {
    const indicator = this.indicators.check('deadLetters');
    const blocked = this.source.deadLetterBlocks();
    return blocked.length === 0 ? indicator.up() : indicator.down({ blocked });
  }
}
