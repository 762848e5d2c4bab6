import { Module } from '@nestjs/common';
import { KafkaModule } from '@surge/kafka';
import type { IntakeConfig } from '../config';
import { INTAKE_CONFIG } from '../config.token';
import { IntakeMetrics } from '../metrics/intake-metrics';
import { HotPathWarmUp } from './hot-path-warm-up';
import { IdempotencyWindow } from './idempotency-window';
import { OrderLookup } from './order-lookup';
import { orderProducerProvider } from './order-producer.provider';
import { OrderPublisher } from './order-publisher';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

/** The orders API and intake's Kafka wiring: the client, the batching producer and the publisher on it. */
@Module({
  imports: [
    KafkaModule.register<IntakeConfig>({
      config: INTAKE_CONFIG,
      settings: (config) => ({ brokers: config.kafkaBrokers, clientId: 'surge-intake' }),
    }),
  ],
  controllers: [OrdersController],
  providers: [
    OrdersService,
    OrderPublisher,
    orderProducerProvider,
    OrderLookup,
    IntakeMetrics,
    HotPathWarmUp,
    {
      provide: IdempotencyWindow,
      useFactory: (config: IntakeConfig) => new IdempotencyWindow(config.idempotencyWindow),
      inject: [INTAKE_CONFIG],
    },
  ],
  exports: [OrderPublisher, IntakeMetrics],
})
export class OrdersModule {}
