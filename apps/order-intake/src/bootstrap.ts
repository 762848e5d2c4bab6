import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { IntakeConfig } from './config';
import { ProducerErrorsFilter } from './orders/producer-errors.filter';

/** Largest order body accepted; anything bigger is answered 413 before parsing. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export async function startIntake(config: IntakeConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
  );
  app.enableShutdownHooks();
  // Orders are JSON only: without Fastify's default text/plain parser, any other
  // content type gets 415 instead of reaching the validator as a string.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
    }),
  );
  app.useGlobalFilters(new ProducerErrorsFilter(config.retryAfterSeconds));
  await app.listen(config.port, '0.0.0.0');
  return app;
}
