import type { Provider } from '@nestjs/common';
import { logTopicSpecs, orderTopicSpecs } from '@surge/contracts';
import { consumerTransport, KAFKA_CLIENT, provisionTopics, type Kafka } from '@surge/kafka';
import { DEFAULT_ADAPTIVE_RATE, DrainThrottle } from '@surge/pacing';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';
import { ORDER_EVENTS } from '../orders/orders.consumer';
import { DRAIN_THROTTLE, DRAIN_TRANSPORT } from './drain.tokens';

export const drainThrottleProvider: Provider = {
  provide: DRAIN_THROTTLE,
  inject: [FULFILLMENT_CONFIG],
  useFactory: (config: FulfillmentConfig) =>
    new DrainThrottle(config.rateCeiling, { ...DEFAULT_ADAPTIVE_RATE, targetLatencyMs: config.targetLatencyMs }),
};

/**
 * The transport bootstrap connects as the app's microservice. The topics are
 * provisioned first: a broker that cannot be reached stops the boot, since a
 * drain without its topic has nothing to do.
 */
export const drainTransportProvider: Provider = {
  provide: DRAIN_TRANSPORT,
  inject: [KAFKA_CLIENT, FULFILLMENT_CONFIG, DRAIN_THROTTLE],
  useFactory: async (kafka: Kafka, config: FulfillmentConfig, throttle: DrainThrottle) => {
    // The logs topic too, so the lines this app ships have somewhere to go on a fresh stack.
    await provisionTopics(kafka, [...orderTopicSpecs(config), ...logTopicSpecs(config)]);
    return consumerTransport(
      kafka,
      config,
      { pattern: ORDER_EVENTS, topic: config.ordersTopic, deadLetterTopic: config.deadLetterTopic },
      throttle,
    );
  },
};
