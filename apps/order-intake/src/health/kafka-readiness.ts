import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessCheck } from '@surge/observability';
import { OrderPublisher } from '../orders/order-publisher';

/**
 * Ready only while the producer is connected and has metadata for every
 * partition of the orders topic: intake can answer 202 for nothing else (MySQL
 * is not needed). The hot path was warmed before the server listened.
 */
@Injectable()
export class KafkaReadiness implements ReadinessCheck {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly publisher: OrderPublisher,
  ) {}

  check() {
    const indicator = this.indicators.check('kafka');
    return this.publisher.isConnected
      ? indicator.up()
      : indicator.down({ reason: 'producer not connected or not warm' });
  }
}
