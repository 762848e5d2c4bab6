import type { AuditVerdict } from '../audit/audit-verdict';
import type { RunReport } from '../report/run-report';

/** A plausible 20 s spike run, for rendering the report without a stack. */
export function reportFixture(): RunReport {
  const timeline = Array.from({ length: 20 }, (_, second) => {
    const target = second >= 5 && second < 10 ? 800 : 100;
    const accepted = Math.round(target * 0.97);
    return {
      second,
      target,
      sent: target,
      requests: target + 5,
      accepted,
      status: { '2xx': accepted, '4xx': 2, '5xx': target - accepted - 2, error: 0 },
      latencyMs: { p50: 3 + second, p90: 8 + second * 2, p99: 40 + second * 5, max: 90 + second * 9 },
    };
  });
  const backlog = Array.from({ length: 40 }, (_, t) => ({
    t,
    totalLag: Math.max(0, t < 10 ? t * 400 : 4000 - (t - 10) * 150),
    drainRatePerSecond: Math.min(500, t * 60),
    etaSeconds: 3,
  }));
  const audit: AuditVerdict = {
    pass: true,
    checks: [
      {
        name: 'every 202 is stored exactly once',
        pass: true,
        gate: true,
        expected: '5,000 orders',
        actual: '5,000 stored, 0 missing',
      },
      { name: 'no SKU oversold', pass: true, gate: true, expected: '2 SKUs within stock', actual: '0 oversold' },
    ],
    counts: {
      orders: 5100,
      accepted: 5000,
      refused: 40,
      indeterminate: 60,
      storedAfterIndeterminate: 1,
      fulfilled: 4000,
      rejected: { out_of_stock: 1000 },
      keysSentMoreThanOnce: 250,
    },
    skus: [
      { sku: 'PHONE', stocked: 2000, sold: 2000, left: 0, pass: true },
      { sku: 'CASE', stocked: 100000, sold: 3100, left: 96900, pass: true },
    ],
  };
  return {
    tool: 'surge-loadgen',
    generatedAt: '2026-01-01T20:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', node: 'v20.19.0', platform: 'linux' },
    options: { runId: 'fs-fixture', intakeUrl: 'http://127.0.0.1:3000', profile: { name: 'spike', points: [] } },
    load: {
      durationSeconds: 20,
      scheduled: 5500,
      firstAttemptsSent: 5500,
      requests: 5600,
      retries: 60,
      resubmissions: 250,
      droppedByTool: 0,
      statusCodes: { '202': 5300, '400': 40, '503': 260 },
      latencyMs: { p50: 5, p90: 20, p99: 80, p999: 150, max: 270 },
      targetPeakPerSecond: 800,
      achievedPeakPerSecond: 800,
      acceptedPerSecondPeak: 776,
      maxSendLagMs: 4,
    },
    timeline,
    backlog,
    drain: { completed: true, seconds: 19, maxBacklog: 4000, stored: 5000, accepted: 5000, note: 'drained' },
    audit,
    verdict: 'PASS',
  };
}
