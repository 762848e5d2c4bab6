import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT, waitFor } from '@surge/testing';

export interface CommandResult {
  code: number;
  output: string;
}

/** Runs a command without blocking the event loop (probes keep running meanwhile). */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output: output.trimEnd() }));
  });
}

async function mustRun(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const result = await run(command, args, env);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${result.output}`);
  return result.output;
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

/**
 * The machine's MariaDB/MySQL server, shared with everything else on it: the
 * db-restart drill stops it, and whatever happens (failure, exception,
 * Ctrl-C) it is started again, by the drill's undo and, as a last resort,
 * synchronously when the process exits.
 */
export class LocalMysql {
  private stoppedByUs = false;
  readonly daemon = ['/usr/sbin/mariadbd', '/usr/sbin/mysqld'].find((path) => existsSync(path)) ?? '/usr/sbin/mariadbd';

  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    process.once('exit', () => {
      if (this.stoppedByUs) this.startSync();
    });
  }

  static fromUrl(url: string): LocalMysql {
    const parsed = new URL(url);
    return new LocalMysql(parsed.hostname, Number(parsed.port || 3306));
  }

  get isLocal(): boolean {
    return ['127.0.0.1', 'localhost'].includes(this.host) && existsSync(this.daemon);
  }

  async stop(): Promise<void> {
    this.stoppedByUs = true;
    // TERM only, then wait: never SIGKILL a database other people use.
    await mustRun('start-stop-daemon', ['--stop', '--exec', this.daemon, '--retry', 'TERM/60']);
    await waitFor('MySQL to close its port', async () => !(await portOpen(this.port, this.host)), {
      timeoutMs: 60_000,
    });
  }

  async start(): Promise<void> {
    if (!this.stoppedByUs && (await portOpen(this.port, this.host))) return;
    await mustRun('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', this.daemon]);
    await waitFor('MySQL to answer on its port', () => portOpen(this.port, this.host), {
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    this.stoppedByUs = false;
  }

  private startSync(): void {
    process.stderr.write(`drill: starting ${this.daemon} again before exiting\n`);
    spawnSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', this.daemon], {
      stdio: 'inherit',
    });
  }
}

/**
 * A server of the drill's own, run by a stack script (kafka.sh, opensearch.sh)
 * with other ports and state dir than the shared one: `up` starts it and waits
 * until it answers, `down` stops it with SIGTERM (the controlled shutdown an
 * operator's restart does), `reset` stops it and removes its data, so nothing
 * of a drill stays behind.
 */
class DrillServer {
  constructor(
    private readonly script: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  up(): Promise<string> {
    return mustRun('bash', [this.script, 'up'], this.env);
  }

  down(): Promise<string> {
    return mustRun('bash', [this.script, 'down'], this.env);
  }

  reset(): Promise<string> {
    return mustRun('bash', [this.script, 'reset'], this.env);
  }
}

/** A single broker of its own (not the shared one on 9092), through kafka.sh with another port and state dir. */
export class DrillBroker extends DrillServer {
  constructor(readonly port: number) {
    super('scripts/kafka/kafka.sh', {
      ...process.env,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(port + 1),
      KAFKA_STATE_DIR: join(REPO_ROOT, '.stack', 'kafka-drill'),
      KAFKA_HEAP: '-Xms256m -Xmx512m',
    });
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }
}

/** The three-node cluster of scripts/kafka/cluster.sh. */
export class Cluster {
  readonly env: NodeJS.ProcessEnv = { ...process.env };

  async brokers(): Promise<string[]> {
    return (await mustRun('bash', ['scripts/kafka/cluster.sh', 'brokers'])).split(',');
  }

  async ready(): Promise<boolean> {
    return (await run('bash', ['scripts/kafka/cluster.sh', 'status'])).code === 0;
  }

  up(): Promise<string> {
    return mustRun('bash', ['scripts/kafka/cluster.sh', 'up']);
  }

  down(): Promise<string> {
    return mustRun('bash', ['scripts/kafka/cluster.sh', 'down']);
  }

  killNode(node: number): Promise<string> {
    return mustRun('bash', ['scripts/kafka/cluster.sh', 'kill-node', String(node)]);
  }

  startNode(node: number): Promise<string> {
    return mustRun('bash', ['scripts/kafka/cluster.sh', 'start-node', String(node)]);
  }
}

/**
 * An OpenSearch node of its own (not the shared one on 9200), through
 * opensearch.sh with other ports and state dir; `up` fetches the distribution
 * first if this checkout has none yet.
 */
export class DrillLogStore extends DrillServer {
  constructor(readonly port: number) {
    super('scripts/logs/opensearch.sh', {
      ...process.env,
      OPENSEARCH_PORT: String(port),
      OPENSEARCH_TRANSPORT_PORT: String(port + 1),
      OPENSEARCH_NODE_DIR: 'node-drill',
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
}
