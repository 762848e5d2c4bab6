import { Pool } from 'undici';
import type { PlannedOrder } from '../orders/order-factory';

export type Answer =
  | { kind: 'http'; status: number; orderId?: string; retryAfterSeconds?: number }
  | { kind: 'error'; reason: 'timeout' | 'network'; message: string };

/**
 * POST /orders over a bounded pool of keep-alive sockets: the cap on
 * concurrent connections the open model needs. Requests beyond it wait in the
 * pool's queue, and that wait counts in their latency.
 */
export class IntakeClient {
  private readonly pool: Pool;

  constructor(
    intakeUrl: string,
    maxSockets: number,
    private readonly timeoutMs: number,
  ) {
    this.pool = new Pool(intakeUrl, { connections: maxSockets, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async place(order: PlannedOrder): Promise<Answer> {
    try {
      const response = await this.pool.request({
        method: 'POST',
        path: '/orders',
        headers: { 'content-type': 'application/json', 'idempotency-key': order.idempotencyKey },
        body: JSON.stringify({
          customerId: order.customerId,
          currency: 'EUR',
          items: order.items,
          ...(order.contact ? { contact: order.contact } : {}),
        }),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const text = await response.body.text();
      const answer: Answer = { kind: 'http', status: response.statusCode };
      if (response.statusCode === 202) answer.orderId = (JSON.parse(text) as { orderId?: string }).orderId;
      const retryAfter = parseRetryAfter(response.headers['retry-after']);
      if (retryAfter !== undefined) answer.retryAfterSeconds = retryAfter;
      return answer;
    } catch (error) {
      const err = error as Error & { code?: string };
      const timeout = err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT';
      return { kind: 'error', reason: timeout ? 'timeout' : 'network', message: err.code ?? err.message };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
