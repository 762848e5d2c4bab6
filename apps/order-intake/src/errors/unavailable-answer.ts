import { HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

export interface UnavailableBody {
  statusCode: 503;
  error: 'Service Unavailable';
  message: string;
}

/**
 * The one shape of intake's 503: Retry-After, so well-behaved clients back
 * off and retry (with the same Idempotency-Key) instead of hammering.
 * Sets the status and header and returns the body, for a caller that must
 * hand the body over rather than send it (a load-shedding hook).
 */
export function unavailableAnswer(reply: FastifyReply, retryAfterSeconds: number, message: string): UnavailableBody {
  void reply.status(HttpStatus.SERVICE_UNAVAILABLE).header('Retry-After', String(retryAfterSeconds));
  return { statusCode: 503, error: 'Service Unavailable', message };
}

export function answerUnavailable(reply: FastifyReply, retryAfterSeconds: number, message: string): void {
  void reply.send(unavailableAnswer(reply, retryAfterSeconds, message));
}

/** The message of a 503 to POST /orders: why, and that nothing was queued. */
export function orderNotAccepted(reason: string): string {
  return `${reason}, retry later; the order was not accepted`;
}
