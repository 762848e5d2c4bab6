/** Index prefix of the log store; each day's lines go to `<prefix>-YYYY.MM.DD`. */
export const DEFAULT_LOG_INDEX_PREFIX = 'surge-logs';

/**
 * What an index prefix may be: OpenSearch index names are lowercase and refuse
 * most punctuation, and `*` or `,` would make the retention's listing match
 * other indices than the store's own.
 */
export const LOG_INDEX_PREFIX_PATTERN = /^[a-z0-9][a-z0-9_-]{0,200}$/;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every daily index of the store, for searches and the retention's listing. */
export function logIndexPattern(prefix: string): string {
  return `${prefix}-*`;
}

/** The daily index a line written at `time` belongs to (UTC day, so every instance agrees). */
export function logIndexName(prefix: string, time: Date): string {
  const day = time.toISOString().slice(0, 10).replaceAll('-', '.');
  return `${prefix}-${day}`;
}

/** The UTC midnight that starts the index's day, or null for a name that is not one of the store's daily indices. */
export function logIndexDay(prefix: string, index: string): Date | null {
  if (!index.startsWith(`${prefix}-`)) return null;
  const match = /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(index.slice(prefix.length + 1));
  if (!match) return null;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  // Date.UTC rolls 2026.02.31 over into March: such a name is not the store's.
  return logIndexName(prefix, day) === index ? day : null;
}

/**
 * The store's daily indices whose every line is older than `retentionDays`:
 * an index goes once the end of its day is that far behind `now`, so no line
 * younger than the retention is ever deleted. Names that are not the store's
 * daily indices are never chosen.
 */
export function expiredLogIndices(prefix: string, indices: string[], now: Date, retentionDays: number): string[] {
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  return indices
    .filter((index) => {
      const day = logIndexDay(prefix, index);
      return day !== null && day.getTime() + DAY_MS <= cutoff;
    })
    .sort();
}
