import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { KafkaBatchTransport } from '@surge/kafka';
import { usePinoLogger } from '@surge/observability';
import { AppModule } from './app.module';
import type { LogSinkConfig } from './config';
import { LOG_SINK_TRANSPORT } from './sink/log-sink.tokens';

/** Builds and starts the app: health and metrics on config.port, storing what config.logsTopic carries. */
export async function startLogSink(config: LogSinkConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), new FastifyAdapter(), {
    bufferLogs: true,
  });
  usePinoLogger(app);
  app.enableShutdownHooks();
  app.connectMicroservice({ strategy: app.get<KafkaBatchTransport>(LOG_SINK_TRANSPORT) }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  return app;
}
