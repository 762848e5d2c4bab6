/**
 * Why a message was not acknowledged. Both are retriable from the caller's side:
 * intake turns them into 503 + Retry-After, never into an acknowledgement.
 */
export class ProducerOverloadedError extends Error {
  override readonly name = 'ProducerOverloadedError';
  readonly retriable = true;
  constructor(readonly inFlight: number) {
    super(`producer buffer full (${inFlight} messages in flight)`);
  }
}

export class ProducerUnavailableError extends Error {
  override readonly name = 'ProducerUnavailableError';
  readonly retriable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
