import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { VALIDATION_PIPE_OPTIONS } from '@surge/config';
import type { KafkaBatchTransport } from '@surge/kafka';
import { usePinoLogger } from '@surge/observability';
import { AppModule } from './app.module';
import type { FulfillmentConfig } from './config';
import { DRAIN_TRANSPORT } from './drain/drain.tokens';

/** Builds and starts the app: HTTP (health, admin) on config.port, draining config.ordersTopic. */
export async function startFulfillment(config: FulfillmentConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), new FastifyAdapter(), {
    bufferLogs: true,
  });
  usePinoLogger(app);
  app.enableShutdownHooks();
  app.useGlobalPipes(new ValidationPipe(VALIDATION_PIPE_OPTIONS));
  app.connectMicroservice({ strategy: app.get<KafkaBatchTransport>(DRAIN_TRANSPORT) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  return app;
}
