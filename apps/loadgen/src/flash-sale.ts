import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPool } from 'mysql2/promise';
import { auditRun } from './audit/order-audit';
import type { AuditVerdict } from './audit/audit-verdict';
import { auditNotifications } from './audit/notification-audit';
import type { LoadgenOptions } from './cli/options';
import { BacklogWatch } from './fulfillment/fulfillment-admin';
import { IntakeClient } from './load/intake-client';
import { LoadRunner, type LoadResult } from './load/load-runner';
import { ProgressDisplay, type ProgressOut } from './load/progress-display';
import { OrderFactory } from './orders/order-factory';
import { seededRandom } from './orders/random';
import { durationOf, totalArrivals } from './profile/rate-profile';
import { summaryLines } from './report/console-summary';
import { renderHtmlReport } from './report/html-report';
import { buildRunReport, type RunReport } from './report/run-report';
import { watchDrain } from './run/drain-watch';
import { preflight } from './run/preflight';
import { startProgressTicker } from './run/progress-ticker';

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

/** The first line of a run: what it sends where, and the stock it starts from. */
function announce(options: LoadgenOptions): string {
  const { profile, stock } = options;
  const firstSkus = [...stock]
    .slice(0, 3)
    .map(([sku, units]) => `${sku}=${units}`)
    .join(', ');
  return (
    `run ${options.runId}: ${profile.name} for ${durationOf(profile)} s, ${totalArrivals(profile).toLocaleString('en-US')} orders ` +
    `to ${options.intakeUrl}; stocked ${stock.size} SKUs (${firstSkus}${stock.size > 3 ? ', …' : ''})`
  );
}

/** Preflight, stock, load, drain, audit, report: one flash sale from start to verdict. */
export async function runFlashSale(options: LoadgenOptions, hooks: FlashSaleHooks = {}): Promise<FlashSaleResult> {
  const log = hooks.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const db = options.audit ? createPool({ uri: options.mysqlUrl, connectionLimit: 2 }) : null;
  try {
    const admin = await preflight(options, db);
    for (const [sku, units] of options.stock) await admin.stock(sku, units, options.priceCents);
    log(announce(options));

    const client = new IntakeClient(options.intakeUrl, options.maxSockets, options.timeoutMs);
    const factory = new OrderFactory(
      {
        runId: options.runId,
        customers: options.customers,
        catalogue: [...options.stock.keys()],
        zipfExponent: options.zipfExponent,
        resubmitShare: options.resubmitShare,
        ...(options.notify
          ? {
              contact: {
                email: options.notify.channels.includes('email'),
                phone: options.notify.channels.includes('sms'),
              },
            }
          : {}),
      },
      seededRandom(options.seed),
    );
    const runner = new LoadRunner(client, factory, {
      profile: options.profile,
      maxPending: options.maxPending,
      maxRetries: options.maxRetries,
      maxRetryAfterSeconds: 30,
    });
    const watch = new BacklogWatch(admin, runner.startedAt);
    watch.start();
    const display = new ProgressDisplay(hooks.progressOut);
    const stopTicker = startProgressTicker(display, runner, watch, options.profile);
    let load: LoadResult;
    try {
      load = await runner.run();
    } finally {
      stopTicker();
      display.done();
      await client.close();
    }

    const acceptedIds = [...new Set(load.outcomes.flatMap((outcome) => [...outcome.orderIds]))];
    const drain = await watchDrain({
      watch,
      display,
      db,
      acceptedIds,
      loadEndedAt: load.endedAt,
      timeoutSeconds: options.drainTimeoutSeconds,
    });
    await watch.stop();
    log(drain.note);

    let audit: AuditVerdict | null = null;
    if (db) {
      await hooks.beforeAudit?.(acceptedIds);
      audit = await auditRun(db, options.runId, load.outcomes, options.stock);
      if (options.notify) {
        log(`notifications: waiting for the notifier (up to ${options.drainTimeoutSeconds} s)`);
        const notified = await auditNotifications(db, load.outcomes, options.notify, options.drainTimeoutSeconds);
        log(`notifications: settled ${notified.waitedSeconds.toFixed(1)} s after the drain`);
        audit.checks.push(...notified.checks);
        audit.pass = audit.checks.every((c) => c.pass || !c.gate);
      }
    }
    const report = buildRunReport(options, load, watch.samples, drain, audit);
    const base = join(options.outDir, `flash-sale-${options.runId}`);
    await mkdir(options.outDir, { recursive: true });
    await writeFile(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(`${base}.html`, renderHtmlReport(report));
    for (const line of summaryLines(report)) log(line);
    log(`report: ${base}.html (figures in ${base}.json)`);
    return { report, jsonPath: `${base}.json`, htmlPath: `${base}.html` };
  } finally {
    await db?.end();
  }
}
