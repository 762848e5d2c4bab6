import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createPool, type Pool } from 'mysql2/promise';
import { consumerLag, createKafka, type Kafka, type PartitionLag } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { AppProcess, freePort, REPO_ROOT, waitFor, type SurgeApp } from '@surge/testing';

/** One probe order: when it was sent, when intake answered, and how. */
export interface ProbeAnswer {
  at: number;
  answeredAt: number;
  status: number | 'error';
}
export interface DrillSettings {
  /** Brokers of the stack the drill runs on. */
  brokers: string[];
  mysqlUrl: string;
  replicationFactor: number;
}

export interface DrillResult {
  name: string;
  pass: boolean;
  acknowledged: number;
  stored: number;
  lost: number;
  /** What the drill calls recovery, in seconds; null when it never recovered. */
  recoverySeconds: number | null;
  recoveryMeaning: string;
  notes: string[];
  failures: string[];
  report: string | null;
}

/** The parts of loadgen's JSON report a drill reads. */
export interface LoadgenReport {
  load: { statusCodes: Record<string, number>; requests: number; firstAttemptsSent: number };
  drain: { completed: boolean; seconds: number; stored: number; accepted: number; maxBacklog: number };
  audit: null | {
    pass: boolean;
    checks: Array<{ name: string; pass: boolean; gate: boolean; actual: string; examples?: string[] }>;
    counts: { accepted: number; indeterminate: number; storedAfterIndeterminate: number; refused: number };
  };
  verdict: string;
}

export const seconds = (ms: number) => Math.round(ms / 100) / 10;

export interface LoadgenRun {
  /** Resolves when loadgen starts sending (after preflight and stocking). */
  loadStarted: Promise<void>;
  done: Promise<{ code: number; report: LoadgenReport | null; reportPath: string }>;
  stop(): void;
}

/**
 * Everything one drill starts, and what it tears down: apps, loadgen, topics,
 * and any fault-specific undo (registered with defer), run in reverse order
 * whether the drill passed, failed or was interrupted.
 */
export class DrillContext {
  readonly runId: string;
  readonly topic: string;
  readonly group: string;
  readonly adminToken: string;
  readonly logDir: string;
  readonly kafka: Kafka;
  readonly notes: string[] = [];
  readonly failures: string[] = [];
  private readonly apps: AppProcess[] = [];
  private readonly undo: Array<{ what: string; run: () => Promise<void> | void }> = [];
  private loadgen: LoadgenRun | null = null;
  private pool: Pool | null = null;
  private readonly t0 = performance.now();

  constructor(
    readonly name: string,
    readonly settings: DrillSettings,
  ) {
    const tag = Math.random().toString(16).slice(2, 6);
    this.runId = `d-${name}-${tag}`.slice(0, 24);
    this.topic = `drill-${name}-${tag}`;
    this.group = `drill-${name}-${tag}`;
    this.adminToken = `drill-${tag}-${Math.random().toString(36).slice(2)}`;
    this.logDir = join(REPO_ROOT, '.stack', 'drills', this.runId);
    mkdirSync(this.logDir, { recursive: true });
    this.kafka = createKafka({ brokers: settings.brokers, clientId: `surge-drill-${name}` });
  }

  log(line: string): void {
    process.stdout.write(
      `  [${this.name} ${seconds(performance.now() - this.t0)
        .toFixed(1)
        .padStart(5)}s] ${line}\n`,
    );
  }

  defer(what: string, run: () => Promise<void> | void): void {
    this.undo.push({ what, run });
  }

  fail(message: string): void {
    this.failures.push(message);
    this.log(`FAIL ${message}`);
  }

  appEnv(): NodeJS.ProcessEnv {
    return {
      KAFKA_BROKERS: this.settings.brokers.join(','),
      MYSQL_URL: this.settings.mysqlUrl,
      ORDERS_TOPIC: this.topic,
      ORDERS_DLQ_TOPIC: `${this.topic}.dlq`,
      OUTCOMES_TOPIC: `${this.topic}.outcomes`,
      FULFILLMENT_GROUP: this.group,
      NOTIFIER_GROUP: `${this.group}-notifier`,
      NOTIFICATIONS_DLQ_TOPIC: `${this.topic}.notifications.dlq`,
      TOPIC_PARTITIONS: '6',
      TOPIC_REPLICATION_FACTOR: String(this.settings.replicationFactor),
      ADMIN_TOKEN: this.adminToken,
      DRAIN_RATE_PER_SECOND: '0',
      LOG_LEVEL: 'warn',
    };
  }

  /**
   * Starts an app (fulfillment first, so the topics exist before intake produces) and waits until it is ready;
   * `env` overrides the drill's settings for this app alone.
   */
  async startApp(app: SurgeApp, label: string = app, env: NodeJS.ProcessEnv = {}): Promise<AppProcess> {
    const logFile = join(this.logDir, `${label}.log`);
    const proc = AppProcess.surgeApp(
      app,
      await freePort(),
      { ...this.appEnv(), ...env },
      {
        label,
        logFile,
        nodeFlags: ['--enable-source-maps'],
      },
    );
    // The first line says how it exited; the whole log is in the file.
    proc.onUnexpectedExit = (why) => this.fail(`${why.split('\n')[0]} (see ${logFile})`);
    this.apps.push(proc);
    proc.start();
    await proc.waitReady();
    this.log(`${label} ready on ${proc.url} (pid ${proc.pid})`);
    return proc;
  }

  /** A steady flash-sale load through loadgen, against these apps, with its own SKUs; `extra` adds options (--notify). */
  startLoad(
    intake: AppProcess,
    fulfillment: AppProcess,
    rate: number,
    durationSeconds: number,
    extra: string[] = [],
  ): LoadgenRun {
    const outDir = join(REPO_ROOT, 'reports', 'drills');
    const stock = `${this.runId}-HOT=300,${this.runId}-A=1000000,${this.runId}-B=1000000`;
    const args = [
      // The launcher runs the sources, or the build with SURGE_RUN=dist, like the apps.
      'scripts/start-app.js',
      'loadgen',
      '--profile',
      'steady',
      '--rate',
      String(rate),
      '--duration',
      String(durationSeconds),
      '--intake',
      intake.url,
      '--fulfillment',
      fulfillment.url,
      '--admin-token',
      this.adminToken,
      '--mysql-url',
      this.settings.mysqlUrl,
      '--run-id',
      this.runId,
      '--stock',
      stock,
      '--customers',
      '3000',
      '--drain-timeout',
      '240',
      '--out',
      outDir,
      ...extra,
    ];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reportPath = join(outDir, `flash-sale-${this.runId}.json`);
    let started!: () => void;
    const loadStarted = new Promise<void>((resolve) => (started = resolve));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.startsWith(`run ${this.runId}:`)) started();
      this.log(`loadgen: ${line}`);
    });
    child.stderr.on('data', (chunk: Buffer) => this.log(`loadgen: ${chunk.toString().trimEnd()}`));
    const done = once(child, 'exit').then(([code]) => {
      started();
      let report: LoadgenReport | null = null;
      try {
        report = JSON.parse(readFileSync(reportPath, 'utf8')) as LoadgenReport;
      } catch {
        report = null;
      }
      return { code: (code as number | null) ?? 1, report, reportPath };
    });
    this.loadgen = { loadStarted, done, stop: () => child.kill('SIGTERM') };
    return this.loadgen;
  }

  /** The drill's database, for checks and fault set-up (one connection, ended at teardown). */
  db(): Pool {
    this.pool ??= createPool({ uri: this.settings.mysqlUrl, connectionLimit: 1 });
    return this.pool;
  }

  /** Orders of this run in MySQL (loadgen's customers are `<run>-c…`). */
  async stored(): Promise<number> {
    const [rows] = await this.db().query('SELECT COUNT(*) AS n FROM orders WHERE customer_id LIKE ?', [
      `${this.runId}-c%`,
    ]);
    return Number((rows as Array<{ n: number }>)[0].n);
  }

  lag(): Promise<PartitionLag[]> {
    return consumerLag(this.kafka, this.group, this.topic);
  }

  /**
   * Seconds until every partition drains again: its committed offset moved
   * past where it stood at `since`, or it has nothing left to drain.
   */
  async drainResumed(since: PartitionLag[], startedAt: number, timeoutMs = 120_000): Promise<number> {
    const before = new Map(since.map((p) => [p.partition, BigInt(p.committedOffset ?? -1)]));
    await waitFor(
      'every partition to drain again',
      async () => {
        const now = await this.lag();
        return now.every((p) => p.lag === 0 || BigInt(p.committedOffset ?? -1) > (before.get(p.partition) ?? -1n));
      },
      { timeoutMs, intervalMs: 250 },
    );
    return performance.now() - startedAt;
  }

  /** Lag now, retrying while the cluster answers nothing (a broker or the database is down). */
  async lagSnapshot(): Promise<PartitionLag[]> {
    return waitFor('a consumer-lag snapshot', () => this.lag(), { timeoutMs: 60_000, intervalMs: 250 });
  }

  /** Calls fulfillment's admin API with the drill's token. */
  async admin(fulfillment: AppProcess, method: 'GET' | 'POST', path: string): Promise<unknown> {
    const response = await fetch(`${fulfillment.url}/admin/${path}`, {
      method,
      headers: { authorization: `Bearer ${this.adminToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`${method} /admin/${path} answered ${response.status}: ${body}`);
    return JSON.parse(body) as unknown;
  }

  /** One order outside the run's customers, to see what intake answers right now. */
  async probe(intake: AppProcess): Promise<number | 'error'> {
    try {
      const response = await fetch(`${intake.url}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          customerId: `probe-${this.runId}`,
          currency: 'EUR',
          items: [{ sku: `probe-${this.runId}`, quantity: 1 }],
        }),
        signal: AbortSignal.timeout(8000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'error';
    }
  }

  /**
   * Sends a probe every 250 ms until stopped, without waiting for the previous
   * answer (a 503 takes intake's whole produce deadline); keeps each answer
   * with the time its probe was sent and the time it was answered.
   */
  probeLoop(intake: AppProcess): { stop: () => Promise<ProbeAnswer[]> } {
    const answers: ProbeAnswer[] = [];
    const pending: Array<Promise<void>> = [];
    const timer = setInterval(() => {
      const at = performance.now();
      pending.push(
        this.probe(intake).then((status) => void answers.push({ at, answeredAt: performance.now(), status })),
      );
    }, 250);
    return {
      stop: async () => {
        clearInterval(timer);
        await Promise.all(pending);
        return answers.sort((x, y) => x.at - y.at);
      },
    };
  }

  /** Loadgen's end: its exit code, the audit, and acknowledged / stored / lost from the report. */
  async finishLoad(run: LoadgenRun): Promise<Pick<DrillResult, 'acknowledged' | 'stored' | 'lost' | 'report'>> {
    const { code, report, reportPath } = await run.done;
    if (!report || !report.audit) {
      this.fail(`loadgen exited ${code} without an audited report`);
      return { acknowledged: 0, stored: 0, lost: 0, report: null };
    }
    const acknowledged = report.audit.counts.accepted;
    const storedCheck = report.audit.checks.find((c) => c.name.startsWith('every 202 is stored'));
    const missing = Number(/(\d+) missing/.exec(storedCheck?.actual ?? '')?.[1] ?? acknowledged);
    for (const check of report.audit.checks.filter((c) => c.gate && !c.pass)) {
      this.fail(
        `audit: ${check.name}: ${check.actual}${check.examples?.length ? ` (e.g. ${check.examples.slice(0, 3).join('; ')})` : ''}`,
      );
    }
    if (code !== 0 && report.audit.pass) this.fail(`loadgen exited ${code}`);
    const codes = report.load.statusCodes;
    const c = report.audit.counts;
    this.notes.push(
      `answers ${Object.entries(codes)
        .map(([k, v]) => `${k}×${v}`)
        .join(' ')}; ${c.indeterminate} indeterminate (${c.storedAfterIndeterminate} of them stored)`,
    );
    return { acknowledged, stored: acknowledged - missing, lost: missing, report: reportPath };
  }

  async teardown(): Promise<void> {
    this.loadgen?.stop();
    for (const app of this.apps) {
      await app.stop().catch((error: Error) => this.log(`stopping ${app.label}: ${error.message}`));
    }
    for (const { what, run } of this.undo.reverse()) {
      try {
        await run();
      } catch (error) {
        this.log(`${what} failed: ${(error as Error).message}`);
      }
    }
    await this.pool?.end().catch(() => undefined);
  }

  /** Registered once the drill's brokers run, so it happens before they are stopped. */
  deleteTopicsAtEnd(): void {
    const suffixes = ['.dlq', '.outcomes', '.notifications.dlq'];
    this.defer(`deleting topics ${this.topic}(${suffixes.join(', ')})`, async () => {
      if (this.failures.length > 0) this.log(`topics ${this.topic}(${suffixes.join(', ')}) kept for inspection`);
      else await deleteTopics(this.kafka, [this.topic, ...suffixes.map((s) => `${this.topic}${s}`)]);
    });
  }
}
