/**
 * The store could not take a request now (unreachable, timed out, overloaded,
 * a shard not ready): retry later, nothing was refused for good.
 */
export class LogStoreUnavailableError extends Error {
  override readonly name = 'LogStoreUnavailableError';
  readonly retriable = true;
}
