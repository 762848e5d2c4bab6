import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { keepAppLog } from './captured-logs';
import { waitFor } from './wait-for';

/** The repository root: scripts are given relative to it and run from it. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

export type SurgeApp = 'order-intake' | 'fulfillment' | 'notifier' | 'log-sink';

/**
 * The launcher every Surge app starts through: it runs the sources, or the
 * production build when SURGE_RUN=dist is in the environment (passed on to
 * the child), so drills, benches and specs exercise either.
 */
const APP_LAUNCHER = 'scripts/start-app.js';

/** Which variable sets each app's HTTP port (the apps' config.ts reads it). */
const PORT_VARIABLES: Record<SurgeApp, string> = {
  'order-intake': 'INTAKE_PORT',
  fulfillment: 'FULFILLMENT_PORT',
  notifier: 'NOTIFIER_PORT',
  'log-sink': 'LOG_SINK_PORT',
};

export interface AppProcessOptions {
  /** Names the process in errors and log lines. */
  label: string;
  /** Entry point, relative to the repository root: TypeScript (compiled on load) or JavaScript. */
  script: string;
  /** Arguments after the script. */
  args?: string[];
  /** Port the app listens on; `url` is http://127.0.0.1:<port>. */
  port?: number;
  /** Added to the parent's environment. */
  env?: NodeJS.ProcessEnv;
  nodeFlags?: string[];
  /** Output is also appended here (drills keep a log file per app). */
  logFile?: string;
}

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Output kept per app: enough for the error that made it fail, not a whole run's logs. */
const LOG_TAIL_CHARS = 16_000;

/** Every app started and not yet exited: the parent's exit or a signal takes them down. */
const running = new Set<AppProcess>();
let exitHooksInstalled = false;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // 'exit' handlers run synchronously: SIGKILL is all there is time for.
  process.on('exit', () => running.forEach((app) => app.signalGroup('SIGKILL')));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const forward = () => {
      running.forEach((app) => app.signalGroup('SIGTERM'));
      // A script with its own handler (drills clean up first) decides when to exit;
      // otherwise the signal keeps its default meaning and ends the parent.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, forward);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, forward);
  }
}

/**
 * One app (or script) as a child process, the way an operator runs it: in its
 * own process group, so stopping it stops whatever it started; its output kept
 * in a buffer and shown only when something fails; stopped with the parent.
 * It can be started again after a stop or a kill, on the same port.
 */
export class AppProcess {
  private child: ChildProcess | null = null;
  private exit: Promise<AppExit> | null = null;
  private stopping = false;
  private output = '';
  /** Called when the app exits without stop() or kill9() asking it to, with its exit and output. */
  onUnexpectedExit: ((why: string) => void) | null = null;

  constructor(private readonly options: AppProcessOptions) {}

  /** One of Surge's apps, its port set through the variable its config reads. */
  static surgeApp(
    app: SurgeApp,
    port: number,
    env: NodeJS.ProcessEnv = {},
    options: Partial<Pick<AppProcessOptions, 'label' | 'logFile' | 'nodeFlags'>> = {},
  ): AppProcess {
    return new AppProcess({
      label: app,
      ...options,
      script: APP_LAUNCHER,
      args: [app],
      port,
      env: { ...env, [PORT_VARIABLES[app]]: String(port) },
    });
  }

  get label(): string {
    return this.options.label;
  }

  get url(): string {
    if (this.options.port === undefined) throw new Error(`${this.label} has no port`);
    return `http://127.0.0.1:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the app printed lately (stdout and stderr interleaved). */
  logs(): string {
    return this.output;
  }

  /** Resolves when the current run of the app ends. */
  exited(): Promise<AppExit> {
    if (!this.exit) throw new Error(`${this.label} was never started`);
    return this.exit;
  }

  start(): this {
    if (this.running) return this;
    installExitHooks();
    this.stopping = false;
    const { script, args = [], env, nodeFlags = [], logFile } = this.options;
    const loader = script.endsWith('.ts') ? ['-r', './scripts/register.js'] : [];
    const file: WriteStream | null = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
    file?.write(`--- start ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [...nodeFlags, ...loader, script, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    running.add(this);
    const keep = (chunk: Buffer) => {
      this.output = `${this.output}${chunk.toString()}`.slice(-LOG_TAIL_CHARS);
      file?.write(chunk);
      keepAppLog(`[${this.label}] ${chunk.toString()}`);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exit = once(child, 'exit').then(([code, signal]) => {
      running.delete(this);
      file?.end(`--- exit ${new Date().toISOString()} code ${code} signal ${signal}\n`);
      const exit = { code: code as number | null, signal: signal as NodeJS.Signals | null };
      if (!this.stopping) this.onUnexpectedExit?.(`${this.describe(exit)}\n${this.output}`);
      return exit;
    });
    return this;
  }

  /** Waits until `path` answers 2xx; fails with the app's output if it exits or the time runs out. Returns ms waited. */
  async waitReady(path = '/health/ready', timeoutMs = 60_000): Promise<number> {
    const started = performance.now();
    try {
      // A dead app ends the wait at once instead of being polled until the timeout.
      const outcome = await waitFor(
        `${this.label} to answer ${this.url}${path}`,
        async () => {
          if (!this.running) return 'exited';
          return (await fetch(`${this.url}${path}`, { signal: AbortSignal.timeout(2000) })).ok && 'ready';
        },
        { timeoutMs, intervalMs: 100 },
      );
      if (outcome === 'exited') {
        const { code, signal } = await this.exited();
        throw new Error(`${this.label} exited before it was ready (code ${code}, signal ${signal})`);
      }
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- ${this.label} output:\n${this.output}`);
    }
    return performance.now() - started;
  }

  /** Sends a signal to the app's whole process group, if it runs. */
  signalGroup(signal: NodeJS.Signals): void {
    if (!this.running || this.child?.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // The group is already gone.
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<AppExit | null> {
    if (!this.running) return null;
    this.stopping = true;
    const exit = this.exited();
    this.signalGroup('SIGTERM');
    const timer = setTimeout(() => this.signalGroup('SIGKILL'), graceMs);
    try {
      return await exit;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The crash: no shutdown hooks, no last commit. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    const exit = this.exited();
    this.signalGroup('SIGKILL');
    await exit;
  }

  private describe({ code, signal }: AppExit): string {
    return `${this.label} exited by itself (code ${code}, signal ${signal})`;
  }
}

/** Starts the app and waits for its health endpoint; if it never gets there, stops it and throws with its output. */
export async function launchApp(app: AppProcess, readyPath = '/health/ready', timeoutMs = 60_000): Promise<AppProcess> {
  app.start();
  try {
    await app.waitReady(readyPath, timeoutMs);
  } catch (error) {
    await app.stop(2000);
    throw error;
  }
  return app;
}
