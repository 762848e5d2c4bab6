import { readFileSync } from 'node:fs';
import { envReader, loadStackConfig } from '@surge/config';
import { createKafka, ensureTopic } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { AppProcess, childPids, freePort, launchApp, waitFor } from '@surge/testing';
import { cpuMs } from '../process-cpu';

const stack = loadStackConfig(envReader(process.env));
export const BROKERS = stack.kafkaBrokers.join(',');
const PARTITIONS = 12;
export const kafka = createKafka({ brokers: stack.kafkaBrokers, clientId: 'bench-intake' });

export type Kind = 'ceiling' | 'intake' | 'baseline';

export interface ContenderSpec {
  /** As reported: ceiling, intake-1, intake-2…, baseline. */
  name: string;
  kind: Kind;
  workers: number;
  /** More environment for the contender (intake's knobs). */
  env?: Record<string, string>;
}

export interface Contender {
  spec: ContenderSpec;
  url: string;
  /** Null for the ceiling, which writes nowhere. */
  topic: string | null;
  app: AppProcess;
}

/** A contender's server (and its workers, in its process group); its output is printed only if it dies by itself. */
export async function startContender(spec: ContenderSpec, run: string, nodeFlags: string[] = []): Promise<Contender> {
  const port = await freePort();
  const topic = spec.kind === 'ceiling' ? null : `bench-${spec.name}-${run}`;
  const env = { KAFKA_BROKERS: BROKERS, MYSQL_URL: stack.mysqlUrl, LOG_LEVEL: 'warn', ORDERS_TOPIC: topic ?? '' };
  let app: AppProcess;
  let readyPath = '/health/ready';
  if (spec.kind === 'intake') {
    app = AppProcess.surgeApp(
      'order-intake',
      port,
      {
        ...env,
        INTAKE_WORKERS: String(spec.workers),
        ORDERS_DLQ_TOPIC: `${topic}.dlq`,
        // Its own lines go to a topic of the run's, dropped with the orders topic.
        LOGS_TOPIC: `${topic}.logs`,
        TOPIC_PARTITIONS: String(PARTITIONS),
        ...spec.env,
      },
      { nodeFlags },
    );
  } else {
    if (spec.kind === 'baseline') {
      // A just-created topic can be briefly unknown to the metadata call that follows.
      await waitFor('baseline topic', async () => {
        await ensureTopic(kafka, { topic: topic ?? '', partitions: PARTITIONS, replicationFactor: 1, configs: {} });
        return true;
      });
      readyPath = '/stats';
    }
    const script = `bench/intake/${spec.kind}/main.ts`;
    app = new AppProcess({ label: spec.name, script, port, nodeFlags, env: { ...env, PORT: String(port) } });
  }
  app.onUnexpectedExit = (why) => console.error(why);
  await launchApp(app, readyPath, 90_000);
  return { spec, url: app.url, topic, app };
}

/** SIGTERM, then waits for the exit: intake drains its workers, so every 202 is on the topic afterwards. */
export async function stopContender(c: Contender): Promise<void> {
  await c.app.stop(60_000);
}

export async function dropTopic(c: Contender): Promise<void> {
  if (c.topic) await deleteTopics(kafka, [c.topic, `${c.topic}.dlq`, `${c.topic}.logs`]);
}

/** The contender's process and its workers. */
function processTree(c: Contender): number[] {
  const pid = c.app.pid ?? 0;
  return [pid, ...childPids(pid)];
}

/** CPU time (user + system) the contender's processes used so far, in ms. */
export function contenderCpuMs(c: Contender): number {
  return cpuMs(c.app.pid ?? 0);
}

/** Highest resident set size (the kernel's VmHWM) of each process, summed, in MiB. */
export function peakRssMb(c: Contender): number {
  return statusMb(c, 'VmHWM');
}

/** Resident set size now (VmRSS) of the process and its workers, summed, in MiB. */
export function rssMb(c: Contender): number {
  return statusMb(c, 'VmRSS');
}

function statusMb(c: Contender, field: 'VmHWM' | 'VmRSS'): number {
  const pattern = new RegExp(`${field}:\\s+(\\d+) kB`);
  const kb = processTree(c).reduce((sum, pid) => {
    const match = pattern.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return sum + (match ? Number(match[1]) : 0);
  }, 0);
  return Math.round(kb / 1024);
}
