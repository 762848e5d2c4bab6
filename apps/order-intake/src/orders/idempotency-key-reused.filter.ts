import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/** A request reused an Idempotency-Key this instance saw with another body. */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor(readonly orderId: string) {
    super(`Idempotency-Key of order ${orderId} reused with a different request`);
  }
}

/** Stable identifier of the problem (RFC 9457 `type`); docs/api.md explains it. */
export const IDEMPOTENCY_KEY_REUSED = 'urn:surge:problem:idempotency-key-reused';

/**
 * 422 with an application/problem+json body, as the IETF httpapi
 * Idempotency-Key draft asks for a key reused with another payload. The body
 * names the order the key already stands for, so a client can look it up.
 */
@Catch(IdempotencyKeyReusedError)
export class IdempotencyKeyReusedFilter implements ExceptionFilter {
  catch(error: IdempotencyKeyReusedError, host: ArgumentsHost): void {
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(HttpStatus.UNPROCESSABLE_ENTITY)
      .type('application/problem+json')
      .send({
        type: IDEMPOTENCY_KEY_REUSED,
        title: 'Idempotency-Key is already used',
        status: HttpStatus.UNPROCESSABLE_ENTITY,
        detail:
          'This Idempotency-Key was already used for a different request (another body); ' +
          'send a new order with a new key. Nothing was queued.',
        orderId: error.orderId,
      });
  }
}
