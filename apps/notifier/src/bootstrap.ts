import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { KafkaBatchTransport } from '@surge/kafka';
import { usePinoLogger } from '@surge/observability';
import { AppModule } from './app.module';
import type { NotifierConfig } from './config';
import { NOTIFY_TRANSPORT } from './notifications/notifications.module';

/** Builds and starts the app: health and metrics on config.port, notifying from config.outcomesTopic. */
export async function startNotifier(config: NotifierConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), new FastifyAdapter(), {
    bufferLogs: true,
  });
  usePinoLogger(app);
  app.enableShutdownHooks();
  app.connectMicroservice({ strategy: app.get<KafkaBatchTransport>(NOTIFY_TRANSPORT) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  return app;
}
