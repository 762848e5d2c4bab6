import { BadRequestException } from '@nestjs/common';
import { truncateProblem } from '../errors/bounded-problems';

/** Deeper than any order can be (order > items > line); refused before parsing. */
export const MAX_JSON_DEPTH = 16;

/** A request body that is not an acceptable JSON document. */
export class JsonBodyError extends BadRequestException {
  constructor(message: string) {
    // A key or a JSON.parse message can quote kilobytes of the body.
    super(truncateProblem(message));
  }
}

/**
 * Parses an order body, refusing before anything else can: bodies nested
 * deeper than maxDepth (Nest's ValidationPipe walks bodies recursively and a
 * 10,000-level body overflows its stack), and keys that name what every object
 * inherits (`__proto__`, `constructor`, `toString`…) or `prototype`, which
 * class-transformer would drop silently instead of letting the whitelist
 * refuse them.
 */
export function parseStrictJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (text === '') throw new JsonBodyError("Body cannot be empty when content-type is set to 'application/json'");
  // A leading byte order mark is allowed to be ignored (RFC 8259, section 8.1).
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkDepth(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JsonBodyError(`Body is not valid JSON: ${(error as Error).message}`);
  }
  checkKeys(value, '');
  return value;
}

function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) throw new JsonBodyError(`Body is JSON nested deeper than ${maxDepth} levels`);
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
}

function checkKeys(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkKeys(item, `${path}${i}.`));
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      if (key === 'prototype' || key in Object.prototype) {
        throw new JsonBodyError(`property ${path}${key} is not allowed`);
      }
      checkKeys((value as Record<string, unknown>)[key], `${path}${key}.`);
    }
  }
}
