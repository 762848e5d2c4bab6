import type { LogStore } from '@surge/log-store';
import { LogRetention, type RetentionRun } from './log-retention';

/** A store whose deleteExpired records each call and answers what the spec says. */
function fakeStore(answer: (now: Date) => Promise<string[]>) {
  const calls: Array<{ now: Date; days: number }> = [];
  const store = {
    deleteExpired: (now: Date, days: number) => {
      calls.push({ now, days });
      return answer(now);
    },
  } as unknown as LogStore;
  return { store, calls };
}

/** Keeps what the retention logs, so a passing run stays quiet and a spec can read it. */
function recordingLogger() {
  const lines: string[] = [];
  return { lines, log: (line: string) => lines.push(line), warn: (line: string) => lines.push(`WARN ${line}`) };
}

describe('LogRetention', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs at start and then every interval, with the retention and the injected clock', async () => {
    const { store, calls } = fakeStore(async () => ['surge-logs-2026.11.01']);
    const runs: RetentionRun[] = [];
    const logger = recordingLogger();
    const now = new Date('2026-11-27T04:00:00.000Z');
    const retention = new LogRetention(store, {
      retentionDays: 7,
      intervalMs: 60_000,
      now: () => now,
      onRun: (run) => runs.push(run),
      logger,
    });

    retention.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([{ now, days: 7 }]);
    await jest.advanceTimersByTimeAsync(59_999);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(runs).toEqual([{ deleted: ['surge-logs-2026.11.01'] }, { deleted: ['surge-logs-2026.11.01'] }]);
    expect(logger.lines[0]).toBe('deleted 1 log indices older than 7 days: surge-logs-2026.11.01');
    await retention.stop();
  });

  it('reports a failed run and tries again at the next interval', async () => {
    let fail = true;
    const { store, calls } = fakeStore(async () => {
      if (fail) throw new Error('OpenSearch unavailable: connect ECONNREFUSED');
      return [];
    });
    const runs: RetentionRun[] = [];
    const logger = recordingLogger();
    const retention = new LogRetention(store, {
      retentionDays: 7,
      intervalMs: 1000,
      onRun: (run) => runs.push(run),
      logger,
    });

    retention.start();
    await jest.advanceTimersByTimeAsync(0);
    fail = false;
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    expect(runs).toEqual([{ deleted: [], error: 'OpenSearch unavailable: connect ECONNREFUSED' }, { deleted: [] }]);
    expect(logger.lines).toEqual([
      'WARN log retention failed, trying again in 1000 ms: OpenSearch unavailable: connect ECONNREFUSED',
    ]);
    await retention.stop();
  });

  it('waits for the run in hand at stop, and runs no more after it', async () => {
    let finish: (names: string[]) => void = () => undefined;
    const { store, calls } = fakeStore(() => new Promise((resolve) => (finish = resolve)));
    const retention = new LogRetention(store, { retentionDays: 7, intervalMs: 1000, logger: recordingLogger() });

    retention.start();
    await jest.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = retention.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish([]);
    await stopping;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
  });
});
