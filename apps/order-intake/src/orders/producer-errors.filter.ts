import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ProducerOverloadedError, ProducerUnavailableError } from '@surge/kafka';
import type { FastifyReply } from 'fastify';
import { answerUnavailable, orderNotAccepted } from '../errors/unavailable-answer';

/** The one place where "Kafka did not take it" becomes HTTP: 503 with Retry-After. */
@Catch(ProducerOverloadedError, ProducerUnavailableError)
export class ProducerErrorsFilter implements ExceptionFilter {
  constructor(private readonly retryAfterSeconds: number) {}

  catch(error: ProducerOverloadedError | ProducerUnavailableError, host: ArgumentsHost): void {
    const reason = error instanceof ProducerOverloadedError ? 'intake is at capacity' : 'order queue is unavailable';
    answerUnavailable(
      host.switchToHttp().getResponse<FastifyReply>(),
      this.retryAfterSeconds,
      orderNotAccepted(reason),
    );
  }
}
