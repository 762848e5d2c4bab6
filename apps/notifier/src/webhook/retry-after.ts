const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Milliseconds a Retry-After header asks to wait (RFC 9110 §10.2.3: seconds
 * or an HTTP date), or undefined when it is absent or unreadable. Bounded by
 * maxMs, so a storefront cannot park the notifier for a day.
 */
export function retryAfterMs(header: string | null, maxMs: number, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  // Only the IMF-fixdate form: Date.parse would read "-1" or "1.5" as dates too.
  else if (HTTP_DATE.test(value)) ms = Date.parse(value) - now;
  else return undefined;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), maxMs);
}
