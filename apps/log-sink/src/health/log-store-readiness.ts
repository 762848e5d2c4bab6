import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { LogStore } from '@surge/log-store';
import type { ReadinessCheck } from '@surge/observability';

/** The log store answers: the sink can write what it reads (it holds its partitions otherwise). */
@Injectable()
export class LogStoreReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(LogStore) private readonly store: LogStore,
  ) {}

  async check() {
    const indicator = this.indicators.check('opensearch');
    return (await this.store.ping()) ? indicator.up() : indicator.down({ message: 'OpenSearch does not answer' });
  }
}
