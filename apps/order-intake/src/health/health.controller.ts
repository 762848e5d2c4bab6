import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { OrderPublisher } from '../orders/order-publisher';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly publisher: OrderPublisher,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Ready only while the producer is connected: a load balancer should send orders elsewhere otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const check = this.indicator.check('kafka');
        return this.publisher.isConnected ? check.up() : check.down({ reason: 'producer not connected' });
      },
    ]);
  }
}
