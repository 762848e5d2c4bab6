import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { WorkerReadiness } from '../cluster/cluster-readiness';
import { OrderPublisher } from '../orders/order-publisher';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly publisher: OrderPublisher,
    private readonly workers: WorkerReadiness,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /**
   * Ready only while the producer is connected and has metadata for every
   * partition of the orders topic: a load balancer should send orders
   * elsewhere otherwise. The hot path was warmed before the server listened.
   * In a cluster, whichever worker answers speaks for all: ready only while
   * every worker's producer is connected.
   */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const check = this.indicator.check('kafka');
        return this.publisher.isConnected ? check.up() : check.down({ reason: 'producer not connected or not warm' });
      },
      ...(this.workers.clustered ? [() => this.workersCheck()] : []),
    ]);
  }

  private workersCheck() {
    const check = this.indicator.check('workers');
    const state = this.workers.clusterState;
    if (!state) return check.down({ reason: 'no word from the cluster primary yet' });
    const counts = { ready: state.ready, workers: state.workers };
    return state.ready === state.workers
      ? check.up(counts)
      : check.down({ ...counts, reason: `${state.workers - state.ready} workers not connected to Kafka` });
  }
}
