import { HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * The one shape of intake's 503: Retry-After, so well-behaved clients back
 * off and retry (with the same Idempotency-Key) instead of hammering.
 */
export function answerUnavailable(reply: FastifyReply, retryAfterSeconds: number, message: string): void {
  void reply
    .status(HttpStatus.SERVICE_UNAVAILABLE)
    .header('Retry-After', String(retryAfterSeconds))
    .send({ statusCode: 503, error: 'Service Unavailable', message });
}
