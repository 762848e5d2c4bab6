import { Module } from '@nestjs/common';
import { KafkaModule } from '@surge/kafka';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';
import { DrainMetrics } from '../metrics/drain-metrics';
import { DrainControl } from './drain-control.service';
import { drainThrottleProvider, drainTransportProvider } from './drain.providers';
import { DRAIN_THROTTLE, DRAIN_TRANSPORT } from './drain.tokens';

/** Fulfillment's Kafka wiring: the client, the batch transport, its throttle, control and metrics. */
@Module({
  imports: [
    KafkaModule.register<FulfillmentConfig>({
      config: FULFILLMENT_CONFIG,
      settings: (config) => ({ brokers: config.kafkaBrokers, clientId: 'surge-fulfillment' }),
    }),
  ],
  providers: [drainThrottleProvider, drainTransportProvider, DrainControl, DrainMetrics],
  exports: [KafkaModule, DRAIN_TRANSPORT, DRAIN_THROTTLE, DrainControl, DrainMetrics],
})
export class DrainModule {}
