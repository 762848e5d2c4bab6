import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createKafka, KafkaBatchTransport, provisionOrderTopics } from '@surge/kafka';
import { AppModule } from './app.module';
import type { FulfillmentConfig } from './config';
import { ORDER_EVENTS } from './orders/orders.consumer';

/** Builds and starts the app: HTTP on config.port, draining config.ordersTopic. */
export async function startFulfillment(config: FulfillmentConfig): Promise<NestFastifyApplication> {
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'surge-fulfillment' });
  await provisionOrderTopics(kafka, {
    ordersTopic: config.ordersTopic,
    deadLetterTopic: config.deadLetterTopic,
    partitions: config.topicPartitions,
    replicationFactor: config.topicReplicationFactor,
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), new FastifyAdapter());
  app.enableShutdownHooks();
  app.connectMicroservice(
    {
      strategy: new KafkaBatchTransport({
        kafka,
        groupId: config.groupId,
        routes: { [ORDER_EVENTS]: config.ordersTopic },
        deadLetterTopic: config.deadLetterTopic,
        maxBatchSize: config.batchSize,
        partitionsConsumedConcurrently: config.partitionsConcurrency,
        retry: { initialMs: config.retryInitialMs, maxMs: config.retryMaxMs },
      }),
    },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.port, '0.0.0.0');
  return app;
}
