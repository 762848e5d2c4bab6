import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createKafka, deleteTopics } from '@surge/kafka';
import { testStack, uniqueName, waitFor } from '@surge/testing';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface SurgeApps {
  intakeUrl: string;
  fulfillmentUrl: string;
  adminToken: string;
  topic: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Both apps as child processes, the way an operator runs them (loadgen may not
 * import other apps), on free ports, a fresh topic and consumer group, and an
 * unlimited drain. Their output is kept and shown if they fail to come up.
 */
export async function startSurgeApps(): Promise<SurgeApps> {
  const topic = uniqueName('loadgen-orders');
  const adminToken = `loadgen-spec-${uniqueName('token')}`;
  const [intakePort, fulfillmentPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
    MYSQL_URL: testStack.mysqlUrl,
    INTAKE_PORT: String(intakePort),
    FULFILLMENT_PORT: String(fulfillmentPort),
    ORDERS_TOPIC: topic,
    ORDERS_DLQ_TOPIC: `${topic}.dlq`,
    FULFILLMENT_GROUP: uniqueName('loadgen-fulfillment'),
    TOPIC_PARTITIONS: '3',
    ADMIN_TOKEN: adminToken,
    DRAIN_RATE_PER_SECOND: '0',
    LOG_LEVEL: 'warn',
  };
  const output: string[] = [];
  const children: ChildProcess[] = ['fulfillment', 'order-intake'].map((app) => {
    const child = spawn(process.execPath, ['-r', './scripts/register.js', `apps/${app}/src/main.ts`], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => output.push(`[${app}] ${chunk.toString()}`));
    return child;
  });
  const stop = async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await deleteTopics(createKafka({ brokers: testStack.kafkaBrokers, clientId: 'loadgen-spec' }), [
      topic,
      `${topic}.dlq`,
    ]);
  };
  const intakeUrl = `http://127.0.0.1:${intakePort}`;
  const fulfillmentUrl = `http://127.0.0.1:${fulfillmentPort}`;
  try {
    for (const url of [fulfillmentUrl, intakeUrl]) {
      await waitFor(
        `${url}/health/ready`,
        async () => {
          const dead = children.find((c) => c.exitCode !== null);
          if (dead) throw new Error(`an app exited:\n${output.join('')}`);
          return (await fetch(`${url}/health/ready`)).ok;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${output.join('').slice(-4000)}`);
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { intakeUrl, fulfillmentUrl, adminToken, topic, stop };
}
