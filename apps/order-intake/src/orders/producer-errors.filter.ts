import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ProducerOverloadedError, ProducerUnavailableError } from '@surge/kafka';
import type { FastifyReply } from 'fastify';

/**
 * The one place where "Kafka did not take it" becomes HTTP: 503 with
 * Retry-After, so well-behaved clients back off and retry (with the same
 * Idempotency-Key) instead of hammering.
 */
@Catch(ProducerOverloadedError, ProducerUnavailableError)
export class ProducerErrorsFilter implements ExceptionFilter {
  constructor(private readonly retryAfterSeconds: number) {}

  catch(error: ProducerOverloadedError | ProducerUnavailableError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const reason = error instanceof ProducerOverloadedError ? 'intake is at capacity' : 'order queue is unavailable';
    void reply
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .header('Retry-After', String(this.retryAfterSeconds))
      .send({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `${reason}, retry later; the order was not accepted`,
      });
  }
}
