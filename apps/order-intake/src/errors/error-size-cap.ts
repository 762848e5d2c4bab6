import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { boundProblems } from './bounded-problems';

/** Largest error answer intake sends, in bytes. */
export const MAX_ERROR_ANSWER_BYTES = 4096;

/**
 * The last guard on error answers that echo what the client sent and never
 * pass the validation pipe: Nest's "Cannot GET <path>" for a 16 KB path,
 * Fastify's own errors. Such a message is cut like a validation problem;
 * anything still too big is replaced by the status alone. Answers under the
 * cap, every 2xx among them, pass untouched after one length check.
 */
export function capErrorAnswers(fastify: FastifyInstance, maxBytes = MAX_ERROR_ANSWER_BYTES): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (reply.statusCode < 400 || typeof payload !== 'string' || Buffer.byteLength(payload) <= maxBytes) {
      done(null, payload);
      return;
    }
    done(null, cappedAnswer(reply.statusCode, payload, maxBytes));
  });
}

function cappedAnswer(statusCode: number, payload: string, maxBytes: number): string {
  const fallback = {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: 'error details too long to repeat',
  };
  let answer: unknown;
  try {
    answer = JSON.parse(payload);
  } catch {
    return JSON.stringify(fallback);
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return JSON.stringify(fallback);
  const { message } = answer as { message?: unknown };
  const problems = typeof message === 'string' ? [message] : Array.isArray(message) ? message.map(String) : [];
  const bounded = boundProblems(problems);
  const capped = JSON.stringify({
    ...answer,
    message: typeof message === 'string' ? bounded[0] : bounded,
  });
  return Buffer.byteLength(capped) <= maxBytes ? capped : JSON.stringify(fallback);
}
