import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, 'wrk', 'orders.lua');

export interface LoadSettings {
  url: string;
  connections: number;
  seconds: number;
  /** Orders per second over all connections (open model); 0 for the closed model. */
  rate: number;
  /** Makes customers unique across the loads sent to one topic. */
  customerPrefix: string;
}

export interface LoadResult {
  rate: number;
  seconds: number;
  sent: number;
  /** customerId → orderId of every order answered 202. */
  accepted: Map<string, string>;
  /** Count per HTTP status other than 202. */
  refused: Record<string, number>;
  /** Customers whose order got no answer: a socket error or a timeout. */
  unanswered: string[];
  /** Customers whose order was still in flight when wrk stopped (wrk does not wait for them). */
  inFlightAtEnd: string[];
  acceptedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** By HTTP status: p50/p99 from the due time (as p50Ms/p99Ms) and from the send (the server's share). */
  latencyByStatus: Record<string, StatusLatency>;
}

export interface StatusLatency {
  answers: number;
  p50Ms: number;
  p99Ms: number;
  sendP50Ms: number;
  sendP99Ms: number;
}

/**
 * One wrk run (Debian's wrk, a C event loop in its own process; see
 * wrk/orders.lua), one connection per wrk thread so every order is accounted for.
 */
export async function runWrk(settings: LoadSettings): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'surge-wrk-'));
  const out = join(dir, 'result.txt');
  try {
    const c = String(settings.connections);
    const wrk = spawn(
      'wrk',
      ['-t', c, '-c', c, '-d', `${settings.seconds}s`, '--timeout', '10s', '-s', SCRIPT, settings.url],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          SURGE_WRK_RATE: String(settings.rate),
          SURGE_WRK_CONNECTIONS: c,
          SURGE_WRK_PREFIX: settings.customerPrefix,
          SURGE_WRK_OUT: out,
        },
      },
    );
    const [code] = (await once(wrk, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`wrk exited with ${code}`);
    return parse(readFileSync(out, 'utf8'), settings);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parse(text: string, settings: LoadSettings): LoadResult {
  const latenciesUs: number[] = [];
  const byStatus = new Map<string, { fromDueUs: number[]; fromSendUs: number[] }>();
  const accepted = new Map<string, string>();
  const refused: Record<string, number> = {};
  const unanswered: string[] = [];
  const inFlightAtEnd: string[] = [];
  let durationUs = settings.seconds * 1e6;
  for (const line of text.split('\n')) {
    const [kind, a, b, c] = line.split(' ');
    if (kind === 'L') {
      latenciesUs.push(Number(a));
      const of = byStatus.get(b) ?? { fromDueUs: [], fromSendUs: [] };
      of.fromDueUs.push(Number(a));
      of.fromSendUs.push(Number(c));
      byStatus.set(b, of);
    } else if (kind === 'A') accepted.set(a, b);
    else if (kind === 'R') refused[a] = (refused[a] ?? 0) + 1;
    else if (kind === 'U') unanswered.push(a);
    else if (kind === 'F') inFlightAtEnd.push(a);
    else if (kind === 'D') durationUs = Number(a);
  }
  const at = quantilesMs(latenciesUs);
  const latencyByStatus: Record<string, StatusLatency> = {};
  for (const [status, { fromDueUs, fromSendUs }] of byStatus) {
    const due = quantilesMs(fromDueUs);
    const send = quantilesMs(fromSendUs);
    latencyByStatus[status] = {
      answers: fromDueUs.length,
      p50Ms: due(0.5),
      p99Ms: due(0.99),
      sendP50Ms: send(0.5),
      sendP99Ms: send(0.99),
    };
  }
  const answered = latenciesUs.length;
  return {
    rate: settings.rate,
    seconds: settings.seconds,
    sent: answered + unanswered.length + inFlightAtEnd.length,
    accepted,
    refused,
    unanswered,
    inFlightAtEnd,
    acceptedPerSecond: Math.round(accepted.size / (durationUs / 1e6)),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: at(1),
    latencyByStatus,
  };
}

/** Quantile q of latencies in µs, in ms to a tenth (NaN when there are none). */
function quantilesMs(latenciesUs: number[]): (q: number) => number {
  const sorted = Float64Array.from(latenciesUs).sort();
  return (q) =>
    sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 100) / 10 : NaN;
}
