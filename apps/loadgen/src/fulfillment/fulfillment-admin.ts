import { request } from 'undici';

export interface Backlog {
  totalLag: number;
  drainRatePerSecond: number;
  etaSeconds: number | null;
  partitions: unknown[];
}

export class AdminApiError extends Error {}

/** The fulfillment admin API (Authorization: Bearer <ADMIN_TOKEN>): stocking and backlog. */
export class FulfillmentAdmin {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async stock(sku: string, available: number, priceCents: number): Promise<void> {
    await this.call('PUT', `/admin/inventory/${encodeURIComponent(sku)}`, { available, priceCents });
  }

  backlog(): Promise<Backlog> {
    return this.call<Backlog>('GET', '/admin/backlog');
  }

  private async call<T>(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<T> {
    const response = await request(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const text = await response.body.text();
    if (response.statusCode === 401) {
      throw new AdminApiError(
        'the fulfillment admin API refused the token (401): pass the ADMIN_TOKEN fulfillment runs with',
      );
    }
    if (response.statusCode === 404 && method === 'GET') {
      throw new AdminApiError('the fulfillment admin API is off (404): start fulfillment with ADMIN_TOKEN set');
    }
    if (response.statusCode >= 300)
      throw new AdminApiError(`${method} ${path} answered ${response.statusCode}: ${text}`);
    return JSON.parse(text) as T;
  }
}

export interface BacklogSample {
  /** Seconds since the load started. */
  t: number;
  totalLag: number;
  drainRatePerSecond: number;
  etaSeconds: number | null;
}

/**
 * Polls the backlog once a second in the background, one poll at a time. A
 * failed poll is a gap in the samples, never an error: the audit, not the
 * backlog, decides the verdict.
 */
export class BacklogWatch {
  readonly samples: BacklogSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    private readonly admin: FulfillmentAdmin,
    private readonly startedAt: number,
  ) {}

  latest(): BacklogSample | undefined {
    return this.samples[this.samples.length - 1];
  }

  start(intervalMs = 1000): void {
    const tick = () => {
      if (this.polling) return;
      this.polling = this.poll().then(() => {
        this.polling = null;
      });
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
  }

  async poll(): Promise<BacklogSample | undefined> {
    try {
      const b = await this.admin.backlog();
      const sample = {
        t: Math.round((performance.now() - this.startedAt) / 10) / 100,
        totalLag: b.totalLag,
        drainRatePerSecond: b.drainRatePerSecond,
        etaSeconds: b.etaSeconds,
      };
      this.samples.push(sample);
      return sample;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }
}
