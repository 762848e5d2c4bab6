/**
 * The store could not take a request now (unreachable, timed out, overloaded,
 * a shard not ready): retry later, nothing was refused for good.
 */
export class LogStoreUnavailableError extends Error {
  override readonly name: string = 'LogStoreUnavailableError';
  readonly retriable = true;
}

/**
 * A bulk write that the store took only in part: what it did take is in
 * `partial` (new lines among them are new now, and duplicates when the whole
 * list is written again), the rest failed for a reason that can pass.
 */
export class BulkIncompleteError extends LogStoreUnavailableError {
  override readonly name = 'BulkIncompleteError';

  constructor(
    message: string,
    readonly partial: { created: number[]; duplicates: number[] },
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
