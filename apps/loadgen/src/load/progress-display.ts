import type { BacklogSample } from '../fulfillment/fulfillment-admin';

/** Where progress goes: a terminal (rewritten line) or anything else (plain lines). */
export interface ProgressOut {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressFigures {
  phase: 'load' | 'drain';
  elapsedSeconds: number;
  durationSeconds: number;
  targetRate: number;
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  status: { '2xx': number; '4xx': number; '5xx': number; error: number };
  inFlight: number;
  backlog: BacklogSample | undefined;
  storedOfAccepted?: [number, number];
}

/**
 * One status line rewritten in place on a terminal; on a pipe or CI log, a
 * plain line every few seconds so the log stays readable.
 */
export class ProgressDisplay {
  private lastPlain = -Infinity;

  constructor(
    private readonly out: ProgressOut = process.stdout,
    private readonly plainEverySeconds = 5,
  ) {}

  get isTty(): boolean {
    return Boolean(this.out.isTTY);
  }

  update(figures: ProgressFigures): void {
    const line = formatProgress(figures);
    if (this.isTty) {
      this.out.write(`\r\x1b[2K${line.slice(0, (this.out.columns ?? 200) - 1)}`);
    } else if (figures.elapsedSeconds - this.lastPlain >= this.plainEverySeconds) {
      this.lastPlain = figures.elapsedSeconds;
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the in-place line so the next output starts on its own line. */
  done(): void {
    if (this.isTty) this.out.write('\n');
    this.lastPlain = -Infinity;
  }
}

export function formatProgress(figures: ProgressFigures): string {
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const ms = (v: number) => (v >= 100 ? `${Math.round(v)}ms` : `${v.toFixed(1)}ms`);
  const b = figures.backlog;
  const backlog = b
    ? `backlog ${n(b.totalLag)} drain ${n(b.drainRatePerSecond)}/s${b.etaSeconds !== null && b.totalLag > 0 ? ` eta ${n(b.etaSeconds)}s` : ''}`
    : 'backlog ?';
  if (figures.phase === 'drain') {
    const stored = figures.storedOfAccepted
      ? ` stored ${n(figures.storedOfAccepted[0])}/${n(figures.storedOfAccepted[1])}`
      : '';
    return `[drain ${figures.elapsedSeconds.toFixed(0)}s] ${backlog}${stored}`;
  }
  return (
    `[${figures.elapsedSeconds.toFixed(0).padStart(3)}s/${figures.durationSeconds}s] target ${n(figures.targetRate)}/s sent ${n(figures.achievedRate)}/s ` +
    `p50 ${ms(figures.p50Ms)} p99 ${ms(figures.p99Ms)} 2xx ${n(figures.status['2xx'])} 4xx ${n(figures.status['4xx'])} 5xx ${n(figures.status['5xx'])}` +
    `${figures.status.error ? ` err ${n(figures.status.error)}` : ''} in-flight ${n(figures.inFlight)} ${backlog}`
  );
}
