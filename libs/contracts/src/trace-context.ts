import { randomBytesFromPool } from './random-pool';

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/), the part Surge
 * needs: the `traceparent` header a storefront may send with an order, carried
 * on the order's Kafka messages so fulfillment and the notifier log under the
 * same trace id, each step with a span id of its own.
 */
export const TRACEPARENT_HEADER = 'traceparent';

export interface TraceContext {
  /** 32 lowercase hex, not all zeros. */
  traceId: string;
  /** 16 lowercase hex, not all zeros: the span of whoever sends the header. */
  spanId: string;
  /** Trace flags (the sampled bit); kept as received and passed on. */
  flags: string;
}

// version 00 is exactly these four fields; a later version may append more
// after a dash, which a version-00 reader ignores (spec §3.2.4 / §4.3).
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/** The context a valid header carries; undefined for any invalid one, which the spec says to ignore. */
export function parseTraceparent(header: string | undefined): TraceContext | undefined {
  if (header === undefined || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags };
}

export function formatTraceparent({ traceId, spanId, flags }: TraceContext): string {
  return `00-${traceId}-${spanId}-${flags}`;
}

/** A new trace, for an order that came without a valid traceparent (sampled: Surge logs every order's steps). */
export function newTrace(): TraceContext {
  return { traceId: randomHex(16, ZERO_TRACE), spanId: newSpanId(), flags: '01' };
}

/** The same trace with a new span: this app's step, the parent of whatever it sends on. */
export function childSpan(parent: TraceContext): TraceContext {
  return { traceId: parent.traceId, spanId: newSpanId(), flags: parent.flags };
}

function newSpanId(): string {
  return randomHex(8, ZERO_SPAN);
}

/** All zeros is invalid on the wire; 2^-64 odds, but a redraw costs nothing. */
function randomHex(bytes: number, zero: string): string {
  let hex = zero;
  while (hex === zero) hex = randomBytesFromPool(bytes).toString('hex');
  return hex;
}
