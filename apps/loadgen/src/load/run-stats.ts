import { LatencyHistogram } from './latency-histogram';

export type StatusClass = '2xx' | '4xx' | '5xx' | 'error';

export interface SecondFigures {
  second: number;
  /** Orders the profile scheduled in this second (first attempts only). */
  target: number;
  /** First attempts actually sent in this second. */
  sent: number;
  /** Every request sent: first attempts, Retry-After retries, resubmissions. */
  requests: number;
  accepted: number;
  status: Record<StatusClass, number>;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

class Second {
  target = 0;
  sent = 0;
  requests = 0;
  accepted = 0;
  status: Record<StatusClass, number> = { '2xx': 0, '4xx': 0, '5xx': 0, error: 0 };
  readonly latency = new LatencyHistogram();
}

/** Per-second counters of a run, indexed by seconds since the load started. */
export class RunStats {
  private readonly seconds: Second[] = [];
  readonly overall = new LatencyHistogram();
  readonly statusCodes = new Map<number | string, number>();
  /** How far behind its due time the scheduler sent, worst case (ms). */
  maxSendLagMs = 0;

  constructor(private readonly startedAt: number) {}

  private at(time: number): Second {
    const index = Math.max(0, Math.floor((time - this.startedAt) / 1000));
    while (this.seconds.length <= index) this.seconds.push(new Second());
    return this.seconds[index];
  }

  scheduled(due: number): void {
    this.at(due).target++;
  }

  sent(now: number, due: number, firstAttempt: boolean): void {
    const second = this.at(now);
    second.requests++;
    if (firstAttempt) second.sent++;
    this.maxSendLagMs = Math.max(this.maxSendLagMs, now - due);
  }

  answered(now: number, due: number, status: number | string): void {
    const second = this.at(now);
    const latency = now - due;
    second.latency.record(latency);
    this.overall.record(latency);
    const cls: StatusClass = typeof status === 'string' ? 'error' : status < 300 ? '2xx' : status < 500 ? '4xx' : '5xx';
    second.status[cls]++;
    if (status === 202) second.accepted++;
    this.statusCodes.set(status, (this.statusCodes.get(status) ?? 0) + 1);
  }

  figures(): SecondFigures[] {
    return this.seconds.map((s, second) => ({
      second,
      target: s.target,
      sent: s.sent,
      requests: s.requests,
      accepted: s.accepted,
      status: { ...s.status },
      latencyMs: {
        p50: round(s.latency.percentile(0.5)),
        p90: round(s.latency.percentile(0.9)),
        p99: round(s.latency.percentile(0.99)),
        max: round(s.latency.max),
      },
    }));
  }

  /** Totals so far, for the live display. */
  totals(): { requests: number; status: Record<StatusClass, number> } {
    const status: Record<StatusClass, number> = { '2xx': 0, '4xx': 0, '5xx': 0, error: 0 };
    let requests = 0;
    for (const s of this.seconds) {
      requests += s.requests;
      for (const k of Object.keys(status) as StatusClass[]) status[k] += s.status[k];
    }
    return { requests, status };
  }

  /** The last complete second before `now`, and latency over the last `windowSeconds`. */
  recent(now: number, windowSeconds = 5): { target: number; sent: number; p50: number; p99: number } {
    const index = Math.floor((now - this.startedAt) / 1000) - 1;
    const last = index >= 0 ? this.seconds[index] : undefined;
    const window = new LatencyHistogram();
    for (let i = Math.max(0, index - windowSeconds + 1); i <= index; i++)
      if (this.seconds[i]) window.merge(this.seconds[i].latency);
    return {
      target: last?.target ?? 0,
      sent: last?.sent ?? 0,
      p50: window.percentile(0.5),
      p99: window.percentile(0.99),
    };
  }
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
