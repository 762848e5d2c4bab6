/** Failed batches by error, as GET /admin/throttle shows them. */
export interface FailedBatchesSnapshot {
  /** Every failed batch since the instance started. */
  count: number;
  /** The latest errors, most recent first, each with its count and when it last happened. */
  errors: Array<{ error: string; count: number; lastAt: string }>;
}

/**
 * Counts failed batches by the error they failed with, so ops (and the drain
 * bench) can tell a deadlock from a lost connection without reading logs.
 * Only the latest few distinct errors are kept: an error text with a varying
 * part (an offset, a port) must not grow the list without bound.
 */
export class FailedBatches {
  private count = 0;
  private readonly errors = new Map<string, { count: number; lastAt: Date }>();

  constructor(private readonly keep = 5) {}

  add(error: string, at = new Date()): void {
    this.count++;
    const seen = this.errors.get(error);
    // Re-inserted, so the map's order is the order of the latest occurrence.
    this.errors.delete(error);
    this.errors.set(error, { count: (seen?.count ?? 0) + 1, lastAt: at });
    if (this.errors.size > this.keep) this.errors.delete(this.errors.keys().next().value as string);
  }

  snapshot(): FailedBatchesSnapshot {
    return {
      count: this.count,
      errors: [...this.errors]
        .reverse()
        .map(([error, { count, lastAt }]) => ({ error, count, lastAt: lastAt.toISOString() })),
    };
  }
}
