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
  // Fulfillment's HTTP is for ops and probes: an open console polls every
  // second over keep-alive, which must not hold a shutdown (the drain's batch
  // in hand is what shutdown waits for, not a dashboard's connection).
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config),
    new FastifyAdapter({ forceCloseConnections: true }),
    { bufferLogs: true },
  );
  usePinoLogger(app);
  app.enableShutdownHooks();
  app.useGlobalPipes(new ValidationPipe(VALIDATION_PIPE_OPTIONS));
  app.connectMicroservice({ strategy: app.get<KafkaBatchTransport>(DRAIN_TRANSPORT) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  return app;
}
