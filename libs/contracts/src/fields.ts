import { ORDER_LIMITS } from './order-limits';

/** Field checks the event parsers share; not exported from the lib. */

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length <= ORDER_LIMITS.maxIdLength && ORDER_LIMITS.idPattern.test(v);
}

export function isQuantity(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= ORDER_LIMITS.maxQuantity;
}

/** An instant exactly as Date#toISOString writes it, in the years a DATETIME column holds, on a date that exists. */
export function isInstant(v: unknown): v is string {
  if (typeof v !== 'string' || !ORDER_LIMITS.placedAtPattern.test(v)) return false;
  const ms = Date.parse(v);
  // Date.parse rolls 02-30 over into March; a date that exists reads back the same.
  return !Number.isNaN(ms) && new Date(ms).toISOString() === v;
}

/**
 * A parsed JSON value for an error message, at most 80 characters. Not
 * String(): it throws on {"toString": null}, and an error other than
 * Invalid…Error is retried forever instead of dead-lettered, which
 * stalls the partition behind that one message.
 */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Parses a message value as a JSON object, or names why it is not one. */
export function jsonObject(value: Buffer | string | null, fail: (message: string) => never): Record<string, unknown> {
  if (value === null) fail('message has no value');
  let raw: unknown;
  try {
    raw = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch {
    fail('value is not JSON');
  }
  if (!isRecord(raw)) fail('value is not an object');
  return raw;
}
