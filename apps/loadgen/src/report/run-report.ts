import { cpus } from 'node:os';
import type { AuditVerdict } from '../audit/audit-verdict';
import { describeOptions, type LoadgenOptions } from '../cli/options';
import type { BacklogSample } from '../fulfillment/fulfillment-admin';
import type { LoadResult } from '../load/load-runner';
import { round, type SecondFigures } from '../load/run-stats';
import { durationOf } from '../profile/rate-profile';

/** What a run wrote to its JSON report: the figures, the backlog, the drain and the audit. */
export interface RunReport {
  tool: 'surge-loadgen';
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  options: Record<string, unknown>;
  load: {
    durationSeconds: number;
    scheduled: number;
    firstAttemptsSent: number;
    requests: number;
    retries: number;
    resubmissions: number;
    droppedByTool: number;
    statusCodes: Record<string, number>;
    latencyMs: { p50: number; p90: number; p99: number; p999: number; max: number };
    targetPeakPerSecond: number;
    achievedPeakPerSecond: number;
    acceptedPerSecondPeak: number;
    maxSendLagMs: number;
  };
  timeline: SecondFigures[];
  backlog: BacklogSample[];
  drain: DrainOutcome;
  audit: AuditVerdict | null;
  verdict: 'PASS' | 'FAIL' | 'NOT AUDITED';
}

export interface DrainOutcome {
  completed: boolean;
  seconds: number;
  maxBacklog: number;
  stored: number;
  accepted: number;
  note: string;
}

export function buildRunReport(
  options: LoadgenOptions,
  load: LoadResult,
  backlog: BacklogSample[],
  drain: DrainOutcome,
  audit: AuditVerdict | null,
): RunReport {
  const timeline = load.stats.figures();
  const overall = load.stats.overall;
  const sum = (figure: (second: SecondFigures) => number) => timeline.reduce((total, s) => total + figure(s), 0);
  const peak = (figure: (second: SecondFigures) => number) => Math.max(0, ...timeline.map(figure));
  return {
    tool: 'surge-loadgen',
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: process.platform,
    },
    options: describeOptions(options),
    load: {
      durationSeconds: durationOf(options.profile),
      scheduled: sum((second) => second.target),
      firstAttemptsSent: sum((second) => second.sent),
      requests: sum((second) => second.requests),
      retries: load.retries,
      resubmissions: load.resubmissions,
      droppedByTool: load.dropped,
      statusCodes: Object.fromEntries([...load.stats.statusCodes].map(([status, count]) => [String(status), count])),
      latencyMs: {
        p50: round(overall.percentile(0.5)),
        p90: round(overall.percentile(0.9)),
        p99: round(overall.percentile(0.99)),
        p999: round(overall.percentile(0.999)),
        max: round(overall.max),
      },
      targetPeakPerSecond: peak((second) => second.target),
      achievedPeakPerSecond: peak((second) => second.sent),
      acceptedPerSecondPeak: peak((second) => second.accepted),
      maxSendLagMs: round(load.stats.maxSendLagMs),
    },
    timeline,
    backlog,
    drain,
    audit,
    verdict: audit === null ? 'NOT AUDITED' : audit.pass ? 'PASS' : 'FAIL',
  };
}
