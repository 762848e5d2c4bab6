import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Lets a batch handler's error reach KafkaBatchTransport as it was thrown.
 * Nest's default RPC filter replaces any error that is not an RpcException
 * with `{ status: 'error', message: 'Internal server error' }`, so the
 * transport's retry warning, the failure count and the backoff reason in
 * GET /admin/throttle could only say "Internal server error", and a deadlock
 * looked like a dropped connection. Apply it to every controller whose
 * @MessagePattern handlers the transport calls.
 */
@Catch()
export class BatchHandlerErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(error: unknown): Observable<never> {
    return throwError(() => error);
  }
}
