import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { KafkaBatchTransport } from '@surge/kafka';
import type { ReadinessCheck } from '@surge/observability';
import { DRAIN_TRANSPORT } from '../drain/drain.tokens';

/**
 * No partition is held by dead letters that cannot be written: while one is,
 * the instance is not ready and names the partition, offset and reason
 * (docs/operations.md, "A dead letter that cannot be written").
 */
@Injectable()
export class DeadLetterReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(DRAIN_TRANSPORT) private readonly transport: KafkaBatchTransport,
  ) {}

  check() {
    const indicator = this.indicators.check('deadLetters');
    const blocked = this.transport.deadLetterBlocks();
    return blocked.length === 0 ? indicator.up() : indicator.down({ blocked });
  }
}
