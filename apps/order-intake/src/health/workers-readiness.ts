import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@surge/observability';
import { WorkerReadiness } from '../cluster/cluster-readiness';

/**
 * In a cluster, whichever worker answers the probe speaks for all: ready only
 * while every worker's producer is connected, as the primary last counted.
 */
@Injectable()
export class WorkersReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly workers: WorkerReadiness,
  ) {}

  check() {
    const indicator = this.indicators.check('workers');
    const state = this.workers.clusterState;
    if (!state) return indicator.down({ reason: 'no word from the cluster primary yet' });
    const counts = { ready: state.ready, workers: state.workers };
    return state.ready === state.workers
      ? indicator.up(counts)
      : indicator.down({ ...counts, reason: `${state.workers - state.ready} workers not connected to Kafka` });
  }
}
