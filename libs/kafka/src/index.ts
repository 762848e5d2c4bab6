export { createKafka } from './kafka-client';
export type { KafkaSettings } from './kafka-client';
export { KAFKA_CLIENT, KafkaModule } from './kafka.module';
export type { KafkaModuleOptions } from './kafka.module';
export { withAdmin } from './admin';
export { ensureTopic, provisionTopics } from './topic-provisioning';
export type { ConfigChange, ProvisionResult } from './topic-provisioning';
export { BatchingProducer } from './batching-producer';
export { LogShipper } from './log-shipper';
export type { LogShipperCounts, LogShipperOptions } from './log-shipper';
export type {
  BatchingProducerHooks,
  BatchingProducerOptions,
  BatchStats,
  Delivery,
  OutboundMessage,
} from './batching-producer';
export { ProducerOverloadedError, ProducerUnavailableError } from './producer-errors';
export { KafkaBatchTransport, BatchContext, consumerTransport } from './batch-transport';
export { BatchHandlerErrorsFilter } from './batch-handler-errors.filter';
export type { BatchTransportOptions, ConsumerSettings, DrainObserver, DrainSettings } from './batch-transport';
export { toInboundMessage } from './inbound-message';
export type { InboundMessage, DeadLetter, BatchOutcome } from './inbound-message';
export { consumerLag } from './consumer-lag';
export type { PartitionLag } from './consumer-lag';
export { groupMemberCount } from './group-members';
export { describeTopicConfig } from './topic-config';
export { offsetTimestamps } from './offset-timestamps';
export type { ExpiredOrders } from './expiry-detector';
export type { DeadLetterBlock } from './dead-letter-sender';
export { countMessages, readTopic, topicExists } from './topic-reading';
export type { Kafka } from 'kafkajs';
