import type { Provider } from '@nestjs/common';
import { BatchingProducer, KAFKA_CLIENT, type Kafka } from '@surge/kafka';
import type { IntakeConfig } from '../config';
import { INTAKE_CONFIG } from '../config.token';
import { IntakeMetrics } from '../metrics/intake-metrics';

/** The batching producer OrderPublisher sends through, reporting to intake's metrics. */
export const orderProducerProvider: Provider = {
  provide: BatchingProducer,
  inject: [KAFKA_CLIENT, INTAKE_CONFIG, IntakeMetrics],
  useFactory: (kafka: Kafka, config: IntakeConfig, metrics: IntakeMetrics) => {
    const producer = new BatchingProducer(kafka, config.produce, {
      onBatch: (stats) => metrics.recordBatch(stats),
      onProduceRequest: (outcome) => metrics.recordProduceRequest(outcome),
    });
    metrics.trackInFlight(() => producer.inFlightCount);
    return producer;
  },
};
