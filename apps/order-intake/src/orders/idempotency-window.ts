export type IdempotencyVerdict = 'new' | 'same' | 'conflict';

export interface IdempotencyWindowOptions {
  /** How long a key stays bound to the first request that used it. */
  ms: number;
  /** Keys remembered at most; the oldest is forgotten first. */
  keys: number;
}

/**
 * The keys this process saw recently, each bound to the fingerprint of the
 * first request that used it (draft-ietf-httpapi-idempotency-key-header:
 * a key reused with another payload is refused with 422). Memory is bounded
 * by `keys`; a key is forgotten after `ms` or when newer keys push it out,
 * and from then on only fulfillment's drain-time check sees a reuse.
 * Map iteration follows insertion order, which makes the oldest key the first.
 */
export class IdempotencyWindow {
  private readonly bound = new Map<string, { fingerprint: string; until: number }>();

  constructor(
    private readonly options: IdempotencyWindowOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.bound.size;
  }

  /** Binds `key` to `fingerprint` unless it is bound already; says how this request relates to the first. */
  bind(key: string, fingerprint: string): IdempotencyVerdict {
    const now = this.now();
    const entry = this.bound.get(key);
    if (entry && entry.until > now) return entry.fingerprint === fingerprint ? 'same' : 'conflict';
    if (entry) this.bound.delete(key);
    this.bound.set(key, { fingerprint, until: now + this.options.ms });
    this.forgetOldest(now);
    return 'new';
  }

  private forgetOldest(now: number): void {
    for (const [key, { until }] of this.bound) {
      if (this.bound.size <= this.options.keys && until > now) return;
      this.bound.delete(key);
    }
  }
}
