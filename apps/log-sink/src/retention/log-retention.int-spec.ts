import { LogStore, logIndexName } from '@surge/log-store';
import { testStack } from '@surge/testing';
import { dropTestStore, testIndexPrefix, testLogRecord } from '../test-support/log-sink-harness';
import { LogRetention, type RetentionRun } from './log-retention';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('log retention (real OpenSearch)', () => {
  const indexPrefix = testIndexPrefix();
  const store = new LogStore({ url: testStack.opensearchUrl, indexPrefix });
  const now = new Date('2026-11-27T04:00:00.000Z');
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

  afterAll(async () => {
    await dropTestStore(store);
  });

  it("deletes the daily indices older than the retention on the clock's day, and only those", async () => {
    const ages = [10, 8, 6, 0];
    const result = await store.bulkCreate(
      ages.map((days, offset) => ({
        ...testLogRecord({ time: daysAgo(days).toISOString() }),
        kafka: { topic: 'surge.logs', partition: 0, offset: String(offset) },
      })),
    );
    expect(result.created).toHaveLength(4);
    const names = ages.map((days) => logIndexName(indexPrefix, daysAgo(days)));
    expect(await store.indices()).toEqual([...names].sort());

    const runs: RetentionRun[] = [];
    const logged: string[] = [];
    const retention = new LogRetention(store, {
      retentionDays: 7,
      intervalMs: 60_000,
      now: () => now,
      onRun: (run) => runs.push(run),
      logger: { log: (line) => logged.push(line), warn: (line) => logged.push(line) },
    });
    expect(await retention.runOnce()).toEqual({ deleted: [names[0], names[1]] });
    expect(logged).toEqual([`deleted 2 log indices older than 7 days: ${names[0]}, ${names[1]}`]);
    expect(await store.indices()).toEqual([names[3], names[2]].sort());
    // A second run on the same day finds nothing more to delete.
    expect(await retention.runOnce()).toEqual({ deleted: [] });
    expect(runs).toHaveLength(2);
  });

  it('reports a store that does not answer and leaves the next run to try again', async () => {
    const unreachable = new LogStore({ url: 'http://127.0.0.1:1', indexPrefix });
    try {
      const warnings: string[] = [];
      const run = await new LogRetention(unreachable, {
        retentionDays: 7,
        intervalMs: 60_000,
        logger: { log: () => undefined, warn: (line) => warnings.push(line) },
      }).runOnce();
      expect(warnings).toEqual([`log retention failed, trying again in 60000 ms: ${run.error}`]);
      expect(run.deleted).toEqual([]);
      expect(run.error).toMatch(/OpenSearch unavailable/);
    } finally {
      await unreachable.close();
    }
  });
});
