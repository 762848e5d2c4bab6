import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createKafka, KafkaBatchTransport, provisionTopics } from '@surge/kafka';
import { orderTopicSpecs } from '@surge/contracts';
import { DEFAULT_ADAPTIVE_RATE, DrainThrottle } from '@surge/pacing';
import { usePinoLogger } from '@surge/observability';
import { AppModule } from './app.module';
import type { FulfillmentConfig } from './config';
import { ORDER_EVENTS } from './orders/orders.consumer';

/** Builds and starts the app: HTTP (health, admin) on config.port, draining config.ordersTopic. */
export async function startFulfillment(config: FulfillmentConfig): Promise<NestFastifyApplication> {
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'surge-fulfillment' });
  await provisionTopics(kafka, orderTopicSpecs(config));

  const throttle = new DrainThrottle(config.rateCeiling, {
    ...DEFAULT_ADAPTIVE_RATE,
    targetLatencyMs: config.targetLatencyMs,
  });
  const transport = new KafkaBatchTransport({
    kafka,
    groupId: config.groupId,
    routes: { [ORDER_EVENTS]: config.ordersTopic },
    deadLetterTopic: config.deadLetterTopic,
    maxBatchSize: config.batchSize,
    partitionsConsumedConcurrently: config.partitionsConcurrency,
    retry: { initialMs: config.retryInitialMs, maxMs: config.retryMaxMs },
    throttle,
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, { kafka, transport, throttle }),
    new FastifyAdapter(),
    { bufferLogs: true },
  );
  usePinoLogger(app);
  app.enableShutdownHooks();
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
    }),
  );
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, '0.0.0.0');
  return app;
}
