import { EventEmitter } from 'node:events';
import pino from 'pino';
import { Registry } from 'prom-client';
import { LogShipping } from './log-shipping';

/** pino's worker thread as LogShipping sees it: what was written, and whether its buffer had room. */
class FakeThread extends EventEmitter {
  readonly writes: string[] = [];
  room = true;
  write(text: string): boolean {
    this.writes.push(text);
    return this.room;
  }
  end(): void {
    this.emit('close');
  }
}

function setUp() {
  const thread = new FakeThread();
  jest.spyOn(pino, 'transport').mockReturnValue(thread as unknown as ReturnType<typeof pino.transport>);
  const registry = new Registry();
  const shipping = new LogShipping({
    app: 'order-intake',
    metricPrefix: 'surge_spec',
    registry,
    warn: () => undefined,
    settings: {
      brokers: ['127.0.0.1:9'],
      topic: 'surge.logs',
      batchLines: 500,
      lingerMs: 250,
      queueLines: 20_000,
      compression: 'gzip',
    },
  });
  const behind = async () =>
    (await registry.getSingleMetric('surge_spec_log_lines_dropped_total')?.get())?.values.find(
      (v) => v.labels.reason === 'behind',
    )?.value ?? 0;
  return { thread, shipping, behind };
}

describe('LogShipping', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('hands the lines of 50 ms to the worker in one write', () => {
    const { thread, shipping } = setUp();
    shipping.stream.write('a\n');
    shipping.stream.write('b\n');
    jest.advanceTimersByTime(49);
    expect(thread.writes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(thread.writes).toEqual(['a\nb\n']);
  });

  it('hands a burst of 1,000 lines over at once', () => {
    const { thread, shipping } = setUp();
    for (let i = 0; i < 1000; i++) shipping.stream.write(`${i}\n`);
    expect(thread.writes).toHaveLength(1);
    expect(thread.writes[0].split('\n')).toHaveLength(1001);
  });

  it('keeps handing lines to a worker whose buffer is full until 4 MiB wait, then drops and counts them until it drains', async () => {
    const { thread, shipping, behind } = setUp();
    const line = `${'x'.repeat(1024 * 1024 - 1)}\n`;
    thread.room = false;
    for (let i = 0; i < 5; i++) {
      shipping.stream.write(line);
      jest.advanceTimersByTime(50);
    }
    // The first four MiB are held by thread-stream for the worker; the fifth is dropped.
    expect(thread.writes).toHaveLength(4);
    expect(await behind()).toBe(1);

    thread.room = true;
    thread.emit('drain');
    shipping.stream.write('after\n');
    jest.advanceTimersByTime(50);
    expect(thread.writes.at(-1)).toBe('after\n');
    expect(await behind()).toBe(1);
  });

  it('close() hands over what it gathered before ending the worker; later lines are dropped and counted', async () => {
    const { thread, shipping, behind } = setUp();
    shipping.stream.write('last\n');
    await shipping.close();
    expect(thread.writes).toEqual(['last\n']);
    shipping.stream.write('too late\n');
    expect(await behind()).toBe(1);
  });
});
