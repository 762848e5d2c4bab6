import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { usePinoLogger } from '@surge/observability';
import { AppModule } from './app.module';
import type { IntakeConfig } from './config';
import { capErrorAnswers } from './errors/error-size-cap';
import { IntakeMetrics } from './metrics/intake-metrics';
import { countOrderOutcomes } from './metrics/order-outcomes';
import { InternalPort } from './network/internal-port';
import { shedLoad } from './network/load-shedding';
import { sendSecurityHeaders } from './network/security-headers';
import { limitServer, serverCreationOptions } from './network/server-limits';
import { OrdersModule } from './orders/orders.module';
import { IdempotencyKeyReusedFilter } from './orders/idempotency-key-reused.filter';
import { OrderStoreErrorsFilter } from './orders/order-lookup';
import { OrderValidationPipe } from './orders/order-validation.pipe';
import { ProducerErrorsFilter } from './orders/producer-errors.filter';
import { parseStrictJson } from './orders/strict-json';
import { closeKeepAliveOnShutdown } from './shutdown';

/** Largest order body accepted; anything bigger is answered 413 before parsing. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface StartOptions {
  /** Nest's signal handlers; off in a cluster worker, which handles its signals itself. */
  shutdownHooks?: boolean;
}

export async function startIntake(
  config: IntakeConfig,
  { shutdownHooks = true }: StartOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, http: serverCreationOptions(config.http) }),
    // No Nest body parsers: it would add a form parser, and orders are JSON only.
    { bufferLogs: true, bodyParser: false },
  );
  usePinoLogger(app);
  if (shutdownHooks) app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  limitServer(fastify.server, config.http);
  const internal = config.internal && new InternalPort(fastify, config.internal, config.http);
  // helmet's defaults; /docs works under their CSP.
  sendSecurityHeaders(fastify);
  // JSON only, through our strict parser: any other content type gets 415
  // instead of reaching the validator as a string or a form.
  fastify.removeAllContentTypeParsers();
  // As a buffer: with parseAs 'string' Fastify compares the decoded length with
  // Content-Length and refuses invalid UTF-8 with a misleading message.
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, parseStrictJson((body as Buffer).toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  countOrderOutcomes(fastify, app.get(IntakeMetrics));
  closeKeepAliveOnShutdown(fastify);
  capErrorAnswers(fastify);
  await shedLoad(fastify, config.loadShedding, config.retryAfterSeconds);
  app.useGlobalPipes(new OrderValidationPipe());
  app.useGlobalFilters(
    new ProducerErrorsFilter(config.retryAfterSeconds),
    new OrderStoreErrorsFilter(config.retryAfterSeconds),
    new IdempotencyKeyReusedFilter(),
  );
  const docs = new DocumentBuilder()
    .setTitle('Surge order intake')
    .setDescription('Accepts flash-sale orders; 202 only once Kafka holds the order.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docs, { include: [OrdersModule] }));
  await app.listen(config.port, config.host);
  await internal?.listen();
  return app;
}
