import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, type Pool } from 'mysql2/promise';
import { request } from 'undici';
import { countStored, auditRun } from './audit/order-audit';
import type { AuditVerdict } from './audit/audit-verdict';
import { describeOptions, type LoadgenOptions } from './cli/options';
import { BacklogWatch, FulfillmentAdmin, type BacklogSample } from './fulfillment/fulfillment-admin';
import { IntakeClient } from './load/intake-client';
import { LoadRunner, type LoadResult } from './load/load-runner';
import { ProgressDisplay, type ProgressOut } from './load/progress-display';
import { round, type SecondFigures } from './load/run-stats';
import { OrderFactory } from './orders/order-factory';
import { seededRandom } from './orders/random';
import { durationOf, rateAt, totalArrivals } from './profile/rate-profile';
import { renderHtmlReport } from './report/html-report';

/** A problem found before any order is sent: bad setup, unreachable service. */
export class PreflightError extends Error {}

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
  drain: { completed: boolean; seconds: number; maxBacklog: number; stored: number; accepted: number; note: string };
  audit: AuditVerdict | null;
  verdict: 'PASS' | 'FAIL' | 'NOT AUDITED';
}

export interface FlashSaleHooks {
  /** Runs between the drain watch and the audit (the integration spec tampers with MySQL here). */
  beforeAudit?: (acceptedIds: string[]) => Promise<void>;
  log?: (line: string) => void;
  progressOut?: ProgressOut;
}

export interface FlashSaleResult {
  report: RunReport;
  jsonPath: string;
  htmlPath: string;
}

async function reachable(url: string, what: string, how: string): Promise<void> {
  try {
    const response = await request(url, { headersTimeout: 3000, bodyTimeout: 3000 });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
  } catch (error) {
    const err = error as Error & { code?: string };
    throw new PreflightError(`cannot reach ${what} at ${url} (${err.code ?? err.message}); ${how}`);
  }
}

/** Everything checked before the first order: a run that cannot finish should not start. */
export async function preflight(o: LoadgenOptions, db: Pool | null): Promise<FulfillmentAdmin> {
  if (!o.adminToken) {
    throw new PreflightError(
      'no admin token: pass --admin-token or set ADMIN_TOKEN to the token fulfillment runs with; ' +
        'the tool needs the admin API to stock the SKUs (--stock) and to read the backlog',
    );
  }
  await reachable(
    `${o.intakeUrl}/health/ready`,
    'order-intake',
    'start it (npm run start:intake) or pass --intake URL',
  );
  await reachable(
    `${o.fulfillmentUrl}/health/ready`,
    'fulfillment',
    'start it (npm run start:fulfillment) or pass --fulfillment URL',
  );
  const admin = new FulfillmentAdmin(o.fulfillmentUrl, o.adminToken);
  try {
    await admin.backlog();
  } catch (error) {
    throw new PreflightError((error as Error).message);
  }
  if (db) {
    await db.query('SELECT 1 FROM orders LIMIT 1').catch((error: Error) => {
      throw new PreflightError(`cannot query MySQL for the audit (${error.message}); pass --mysql-url or --no-audit`);
    });
  }
  return admin;
}

export async function runFlashSale(o: LoadgenOptions, hooks: FlashSaleHooks = {}): Promise<FlashSaleResult> {
  const log = hooks.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const db = o.audit ? createPool({ uri: o.mysqlUrl, connectionLimit: 2 }) : null;
  try {
    const admin = await preflight(o, db);
    for (const [sku, units] of o.stock) await admin.stock(sku, units, o.priceCents);
    log(
      `run ${o.runId}: ${o.profile.name} for ${durationOf(o.profile)} s, ${totalArrivals(o.profile).toLocaleString('en-US')} orders ` +
        `to ${o.intakeUrl}; stocked ${o.stock.size} SKUs (${[...o.stock]
          .slice(0, 3)
          .map(([s, u]) => `${s}=${u}`)
          .join(', ')}${o.stock.size > 3 ? ', …' : ''})`,
    );

    const client = new IntakeClient(o.intakeUrl, o.maxSockets, o.timeoutMs);
    const factory = new OrderFactory(
      {
        runId: o.runId,
        customers: o.customers,
        catalogue: [...o.stock.keys()],
        zipfExponent: o.zipfExponent,
        resubmitShare: o.resubmitShare,
      },
      seededRandom(o.seed),
    );
    const runner = new LoadRunner(client, factory, {
      profile: o.profile,
      maxPending: o.maxPending,
      maxRetries: o.maxRetries,
      maxRetryAfterSeconds: 30,
    });
    const watch = new BacklogWatch(admin, runner.startedAt);
    watch.start();
    const display = new ProgressDisplay(hooks.progressOut);
    const duration = durationOf(o.profile);
    const ticker = setInterval(() => {
      const now = performance.now();
      const elapsed = (now - runner.startedAt) / 1000;
      const recent = runner.stats.recent(now);
      display.update({
        phase: 'load',
        elapsedSeconds: Math.max(0, elapsed),
        durationSeconds: duration,
        targetRate: rateAt(o.profile, Math.max(0, elapsed - 1)),
        achievedRate: recent.sent,
        p50Ms: recent.p50,
        p99Ms: recent.p99,
        status: runner.stats.totals().status,
        inFlight: runner.inFlight(),
        backlog: watch.latest(),
      });
    }, 1000);
    let load: LoadResult;
    try {
      load = await runner.run();
    } finally {
      clearInterval(ticker);
      display.done();
      await client.close();
    }

    const acceptedIds = [...new Set(load.outcomes.flatMap((x) => [...x.orderIds]))];
    const drain = await watchDrain(o, db, watch, display, acceptedIds, load.endedAt);
    await watch.stop();
    log(drain.note);

    let audit: AuditVerdict | null = null;
    if (db) {
      await hooks.beforeAudit?.(acceptedIds);
      audit = await auditRun(db, o.runId, load.outcomes, o.stock);
    }
    const report = buildReport(o, load, watch.samples, drain, audit);
    const base = join(o.outDir, `flash-sale-${o.runId}`);
    await mkdir(o.outDir, { recursive: true });
    await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(`${base}.html`, renderHtmlReport(report));
    for (const line of summarise(report)) log(line);
    log(`report: ${base}.html (figures in ${base}.json)`);
    return { report, jsonPath: `${base}.json`, htmlPath: `${base}.html` };
  } finally {
    await db?.end();
  }
}

type DrainOutcome = RunReport['drain'];

/**
 * Follows the backlog to zero. Done when every accepted order is stored; given
 * up when the backlog has been empty for a few polls while orders are still
 * missing (they will not come: the audit says which), or at the timeout.
 */
async function watchDrain(
  o: LoadgenOptions,
  db: Pool | null,
  watch: BacklogWatch,
  display: ProgressDisplay,
  acceptedIds: string[],
  loadEndedAt: number,
): Promise<DrainOutcome> {
  const deadline = performance.now() + o.drainTimeoutSeconds * 1000;
  let emptyPolls = 0;
  let stored = 0;
  for (;;) {
    const sample = await watch.poll();
    stored = db ? await countStored(db, acceptedIds) : stored;
    const seconds = (performance.now() - loadEndedAt) / 1000;
    display.update({
      phase: 'drain',
      elapsedSeconds: seconds,
      durationSeconds: 0,
      targetRate: 0,
      achievedRate: 0,
      p50Ms: 0,
      p99Ms: 0,
      status: { '2xx': 0, '4xx': 0, '5xx': 0, error: 0 },
      inFlight: 0,
      backlog: sample,
      storedOfAccepted: db ? [stored, acceptedIds.length] : undefined,
    });
    const lag = sample?.totalLag;
    emptyPolls = lag === 0 ? emptyPolls + 1 : 0;
    const maxBacklog = Math.max(0, ...watch.samples.map((s) => s.totalLag));
    const result = (completed: boolean, note: string): DrainOutcome => {
      display.done();
      return { completed, seconds: round(seconds), maxBacklog, stored, accepted: acceptedIds.length, note };
    };
    if (lag === 0 && (db ? stored === acceptedIds.length : true)) {
      return result(
        true,
        `drained: backlog 0, ${stored.toLocaleString('en-US')} of ${acceptedIds.length.toLocaleString('en-US')} accepted orders stored, ${seconds.toFixed(1)} s after the load`,
      );
    }
    if (emptyPolls >= 5) {
      return result(
        false,
        `backlog has been 0 for ${emptyPolls} s but only ${stored} of ${acceptedIds.length} accepted orders are stored`,
      );
    }
    if (performance.now() > deadline) {
      return result(
        false,
        `drain timeout after ${o.drainTimeoutSeconds} s: backlog ${lag ?? '?'}, ${stored} of ${acceptedIds.length} stored`,
      );
    }
    await sleep(1000);
  }
}

function buildReport(
  o: LoadgenOptions,
  load: LoadResult,
  backlog: BacklogSample[],
  drain: DrainOutcome,
  audit: AuditVerdict | null,
): RunReport {
  const timeline = load.stats.figures();
  const overall = load.stats.overall;
  const sum = (f: (s: SecondFigures) => number) => timeline.reduce((a, s) => a + f(s), 0);
  const peak = (f: (s: SecondFigures) => number) => Math.max(0, ...timeline.map(f));
  return {
    tool: 'surge-loadgen',
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: process.platform,
    },
    options: describeOptions(o),
    load: {
      durationSeconds: durationOf(o.profile),
      scheduled: sum((s) => s.target),
      firstAttemptsSent: sum((s) => s.sent),
      requests: sum((s) => s.requests),
      retries: load.retries,
      resubmissions: load.resubmissions,
      droppedByTool: load.dropped,
      statusCodes: Object.fromEntries([...load.stats.statusCodes].map(([k, v]) => [String(k), v])),
      latencyMs: {
        p50: round(overall.percentile(0.5)),
        p90: round(overall.percentile(0.9)),
        p99: round(overall.percentile(0.99)),
        p999: round(overall.percentile(0.999)),
        max: round(overall.max),
      },
      targetPeakPerSecond: peak((s) => s.target),
      achievedPeakPerSecond: peak((s) => s.sent),
      acceptedPerSecondPeak: peak((s) => s.accepted),
      maxSendLagMs: round(load.stats.maxSendLagMs),
    },
    timeline,
    backlog,
    drain,
    audit,
    verdict: audit === null ? 'NOT AUDITED' : audit.pass ? 'PASS' : 'FAIL',
  };
}

export function summarise(r: RunReport): string[] {
  const n = (v: number) => v.toLocaleString('en-US');
  const l = r.load;
  const lines = [
    `load: ${n(l.firstAttemptsSent)}/${n(l.scheduled)} orders sent (peak ${n(l.achievedPeakPerSecond)}/s for a target of ${n(l.targetPeakPerSecond)}/s), ` +
      `${n(l.requests)} requests incl. ${n(l.retries)} retries and ${n(l.resubmissions)} resubmissions; answers ${JSON.stringify(l.statusCodes)}` +
      `${l.droppedByTool ? `; ${n(l.droppedByTool)} dropped by the tool (--max-pending)` : ''}`,
    `latency from scheduled send: p50 ${l.latencyMs.p50} ms, p90 ${l.latencyMs.p90} ms, p99 ${l.latencyMs.p99} ms, max ${l.latencyMs.max} ms`,
    `drain: peak backlog ${n(r.drain.maxBacklog)}, ${r.drain.completed ? 'done' : 'NOT done'} ${r.drain.seconds} s after the load`,
  ];
  if (r.audit) {
    const c = r.audit.counts;
    lines.push(
      `audit: ${n(c.accepted)} accepted → ${n(c.fulfilled)} fulfilled, ${
        Object.entries(c.rejected)
          .map(([k, v]) => `${n(v)} rejected (${k})`)
          .join(', ') || '0 rejected'
      }; ` +
        `${n(c.refused)} refused; ${n(c.indeterminate)} unanswered/503 (${c.storedAfterIndeterminate} of them stored)`,
    );
    for (const check of r.audit.checks) {
      lines.push(
        `  ${check.gate ? (check.pass ? 'ok  ' : 'FAIL') : 'info'} ${check.name}: ${check.actual} (expected ${check.expected})`,
      );
      for (const example of check.pass ? [] : (check.examples ?? []).slice(0, 3)) lines.push(`         ${example}`);
    }
    for (const s of r.audit.skus.filter((x) => !x.pass))
      lines.push(`  FAIL ${s.sku}: stocked ${s.stocked}, sold ${s.sold}, left ${s.left ?? '-'}`);
  }
  lines.push(
    r.verdict === 'PASS'
      ? 'PASS: every accepted order stored once, nothing refused stored, no SKU oversold'
      : r.verdict === 'FAIL'
        ? 'FAIL: see the checks above'
        : 'NOT AUDITED (--no-audit)',
  );
  return lines;
}
