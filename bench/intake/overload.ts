import { randomUUID } from 'node:crypto';
import { waitFor } from '@surge/testing';
import { dropTopic, peakRssMb, rssMb, startContender, stopContender, type Contender } from './contenders';
import { audit, type Audit } from './topic-audit';
import { runWrk, type LoadResult, type StatusLatency } from './wrk-load';

export interface OverloadSettings {
  /** Offered rate over intake's capacity (closed-model throughput measured just before). */
  factor: number;
  /** wrk connections of the overload; each holds one order at a time, so they bound what is in flight. */
  connections: number;
  /** Connections of the capacity measurement. */
  capacityConnections: number;
  seconds: number;
  warmUpSeconds: number;
  /** Intake's PRODUCE_MAX_IN_FLIGHT; unset, its default. */
  maxInFlight?: number;
  /** Intake's INTAKE_MAX_EVENT_LOOP_DELAY_MS (0: no load shedding); unset, its default. */
  maxEventLoopDelayMs?: number;
}

export interface OverloadResult {
  capacityPerSecond: number;
  offeredPerSecond: number;
  sent: number;
  /** Answers by HTTP status. */
  answers: Record<string, number>;
  /** 503s over all answers. */
  share503: number;
  /** Orders with no answer: a socket error or a timeout (10 s). */
  unanswered: number;
  p50Ms: number;
  p99Ms: number;
  /** The 202s and the 503s apart: p50/p99 from the due time and from the send. */
  accepted: StatusLatency | null;
  shed: StatusLatency | null;
  rssBeforeMb: number;
  /** Highest VmRSS sampled every 100 ms during the overload. */
  rssPeakDuringMb: number;
  /** VmHWM of the process and its workers: the peak over its whole life. */
  rssHighWaterMb: number;
  /** Intake was still running after the overload, and answered GET /health/ready 200. */
  survived: boolean;
  healthAfter: number | null;
  audit: Audit;
  ok: boolean;
}

/**
 * Intake on one worker, first under a closed load that measures its capacity,
 * then under an open-model load offered at `factor` times that, from more
 * connections. What must hold: intake keeps running, its memory stays
 * bounded, every order is answered (202 or 503 with Retry-After), it is ready
 * again right after, and the topic holds exactly the orders answered 202.
 */
export async function overload(settings: OverloadSettings, log: (line: string) => void): Promise<OverloadResult> {
  const env: Record<string, string> = {};
  if (settings.maxInFlight !== undefined) env.PRODUCE_MAX_IN_FLIGHT = String(settings.maxInFlight);
  if (settings.maxEventLoopDelayMs !== undefined) {
    env.INTAKE_MAX_EVENT_LOOP_DELAY_MS = String(settings.maxEventLoopDelayMs);
  }
  const c = await startContender({ name: 'intake-1', kind: 'intake', workers: 1, env }, randomUUID().slice(0, 8));
  const loads: LoadResult[] = [];
  const load = async (rate: number, seconds: number, connections: number) => {
    const prefix = `o${loads.length}-`;
    const result = await runWrk({ url: c.url, connections, seconds, rate, customerPrefix: prefix });
    loads.push(result);
    return result;
  };
  try {
    await load(0, settings.warmUpSeconds, settings.capacityConnections);
    const capacity = (await load(0, settings.seconds, settings.capacityConnections)).acceptedPerSecond;
    const offered = Math.round(capacity * settings.factor);
    log(`capacity ${capacity} orders/s (closed, ${settings.capacityConnections} connections); offering ${offered}/s`);
    const rssBeforeMb = rssMb(c);
    const sampler = sampleRss(c);
    const result = await load(offered, settings.seconds, settings.connections);
    const rssPeakDuringMb = sampler.stop();
    const answers: Record<string, number> = { '202': result.accepted.size, ...result.refused };
    const answered = Object.values(answers).reduce((a, b) => a + b, 0);
    const healthAfter = c.app.running ? await readiness(c) : null;
    const survived = c.app.running && healthAfter === 200;
    const rssHighWaterMb = survived ? peakRssMb(c) : rssPeakDuringMb;
    await stopContender(c);
    const checked = await audit(c, loads);
    const share503 = Math.round(((answers['503'] ?? 0) / Math.max(1, answered)) * 1000) / 1000;
    const ok = survived && checked.exact && Object.keys(answers).every((s) => s === '202' || s === '503');
    return {
      capacityPerSecond: capacity,
      offeredPerSecond: offered,
      sent: result.sent,
      answers,
      share503,
      unanswered: result.unanswered.length,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      accepted: result.latencyByStatus['202'] ?? null,
      shed: result.latencyByStatus['503'] ?? null,
      rssBeforeMb,
      rssPeakDuringMb,
      rssHighWaterMb,
      survived,
      healthAfter,
      audit: checked,
      ok,
    };
  } finally {
    await stopContender(c);
    await dropTopic(c);
  }
}

/** GET /health/ready until it answers 200 (10 s at most): the status it last gave. */
async function readiness(c: Contender): Promise<number> {
  let status = 0;
  try {
    await waitFor(
      'intake ready after the overload',
      async () => {
        status = (await fetch(`${c.url}/health/ready`)).status;
        return status === 200;
      },
      { timeoutMs: 10_000 },
    );
  } catch {
    // The last status says why.
  }
  return status;
}

/** Highest VmRSS of the contender's processes, sampled until stop(). */
function sampleRss(c: Contender): { stop: () => number } {
  let peak = 0;
  const sample = () => {
    try {
      peak = Math.max(peak, rssMb(c));
    } catch {
      // A process that just exited has no /proc entry; a crash shows in `survived`.
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
