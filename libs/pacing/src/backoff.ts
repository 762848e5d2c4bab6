export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** Exponential backoff with full jitter, so instances retrying together spread out. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions, random = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
