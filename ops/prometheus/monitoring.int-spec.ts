import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createKafka } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { AppProcess, freePort, isolatedAppEnv, launchApp, REPO_ROOT, testStack, waitFor } from '@surge/testing';

const run = promisify(execFile);

interface Target {
  labels: { job: string; instance: string };
  health: string;
  lastError: string;
}

/**
 * The monitoring stack as `npm run stack:up -- --with-monitoring` starts it
 * (scripts/monitoring/prometheus.sh, the repo's prometheus.yml and rules), on
 * a free port and its own data directory, its targets pointed at apps this
 * spec starts.
 */
describe('Prometheus scraping the apps', () => {
  const env = {
    ...isolatedAppEnv('monitored', 2),
    RETENTION_CHECK_INTERVAL_MS: '500',
    LOG_LEVEL: 'warn',
  };
  let dir = '';
  let prometheusEnv: NodeJS.ProcessEnv = {};
  let prometheusUrl = '';
  let apps: AppProcess[] = [];

  const prometheus = (command: string) =>
    run('bash', ['scripts/monitoring/prometheus.sh', command], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...prometheusEnv },
    });

  beforeAll(async () => {
    const fulfillment = AppProcess.surgeApp('fulfillment', await freePort(), env);
    const intake = AppProcess.surgeApp('order-intake', await freePort(), env);
    apps = [fulfillment, intake];
    // Fulfillment first: it creates the topics intake produces to.
    await launchApp(fulfillment);
    await launchApp(intake);

    dir = await mkdtemp(join(tmpdir(), 'surge-prometheus-'));
    const source = join(REPO_ROOT, 'ops', 'prometheus');
    // The repo's file, scraping every second instead of every 15 s so the spec need not wait.
    const config = await readFile(join(source, 'prometheus.yml'), 'utf8');
    expect(config).toContain('scrape_interval: 15s');
    await writeFile(join(dir, 'prometheus.yml'), config.replace('scrape_interval: 15s', 'scrape_interval: 1s'));
    await copyFile(join(source, 'alerts.yml'), join(dir, 'alerts.yml'));
    await mkdir(join(dir, 'targets'));
    await writeFile(join(dir, 'targets', 'intake.yml'), `- targets: ['${new URL(intake.url).host}']\n`);
    await writeFile(join(dir, 'targets', 'fulfillment.yml'), `- targets: ['${new URL(fulfillment.url).host}']\n`);
    // No log-sink in this spec: its job has no target.
    await writeFile(join(dir, 'targets', 'log-sink.yml'), '[]\n');
    const port = await freePort();
    prometheusEnv = {
      PROMETHEUS_PORT: String(port),
      PROMETHEUS_STATE_DIR: join(dir, 'state'),
      PROMETHEUS_CONFIG: join(dir, 'prometheus.yml'),
      PROMETHEUS_PATH: testStack.prometheusPath,
    };
    prometheusUrl = `http://127.0.0.1:${port}`;
    await prometheus('up');
  });

  afterAll(async () => {
    if (dir) await prometheus('down').catch(() => undefined);
    await Promise.all(apps.map((app) => app.stop()));
    await deleteTopics(createKafka({ brokers: testStack.kafkaBrokers, clientId: 'monitoring-spec' }), [
      env.ORDERS_TOPIC,
      env.ORDERS_DLQ_TOPIC,
    ]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const api = async <T>(path: string): Promise<T> => {
    const body = (await (await fetch(`${prometheusUrl}/api/v1/${path}`)).json()) as { status: string; data: T };
    expect(body.status).toBe('success');
    return body.data;
  };

  it('has each app as a target that is up', async () => {
    const targets = await waitFor(
      'both targets up',
      async () => {
        const { activeTargets } = await api<{ activeTargets: Target[] }>('targets');
        return activeTargets.length === 2 && activeTargets.every((t) => t.health === 'up') ? activeTargets : false;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(targets.map((t) => [t.labels.job, t.labels.instance]).sort()).toEqual(
      [
        ['fulfillment', new URL(apps[0].url).host],
        ['intake', new URL(apps[1].url).host],
      ].sort(),
    );
  });

  it('loaded the alert rules and stores what the apps export', async () => {
    const { groups } = await api<{ groups: Array<{ rules: Array<{ name: string; type: string }> }> }>('rules');
    expect(groups.flatMap((g) => g.rules.map((r) => r.name)).sort()).toEqual([
      'SurgeConsumerGroupWithoutMembers',
      'SurgeDeadLetterBlocked',
      'SurgeDeadLettersGrowing',
      'SurgeDrainStalled',
      'SurgeErrorBurst',
      'SurgeFulfillmentDown',
      'SurgeIntakeRefusing',
      'SurgeOrdersExpired',
      'SurgeOrdersNearRetention',
    ]);
    const members = await waitFor('the group members series', async () => {
      const { result } = await api<{ result: Array<{ value: [number, string] }> }>(
        `query?query=${encodeURIComponent(`surge_fulfillment_group_members{group="${env.FULFILLMENT_GROUP}"}`)}`,
      );
      return result[0]?.value[1];
    });
    expect(members).toBe('1');
  });
});
