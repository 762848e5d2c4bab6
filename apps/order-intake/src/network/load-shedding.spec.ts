import Fastify, { type FastifyInstance } from 'fastify';
import { LOAD_SAMPLE_MS, shedLoad, type LoadShedding } from './load-shedding';

/**
 * The event loop as @fastify/under-pressure reads it, set by each test: the
 * mean delay of the current sample (histogram.mean, in ns, counts the 10 ms
 * timer resolution) and the share of it the loop was busy. `null` delay is a
 * sample with no tick at all, the loop blocked throughout.
 */
const mockLoop = { delayMs: 0 as number | null, utilization: 0 };

jest.mock('node:perf_hooks', () => {
  const actual = jest.requireActual<typeof import('node:perf_hooks')>('node:perf_hooks');
  const resolutionMs = 10;
  return {
    ...actual,
    monitorEventLoopDelay: () => ({
      enable: () => true,
      reset: () => undefined,
      get mean() {
        return mockLoop.delayMs === null ? NaN : (mockLoop.delayMs + resolutionMs) * 1e6;
      },
    }),
    performance: {
      now: () => actual.performance.now(),
      timeOrigin: actual.performance.timeOrigin,
      eventLoopUtilization: () => ({ idle: 0, active: 0, utilization: mockLoop.utilization }),
    },
  };
});

const RETRY_AFTER_SECONDS = 3;

async function server(limits: LoadShedding): Promise<FastifyInstance> {
  const fastify = Fastify();
  await shedLoad(fastify, limits, RETRY_AFTER_SECONDS);
  fastify.post('/orders', () => ({ taken: true }));
  fastify.get('/orders/:id', () => ({ found: true }));
  fastify.get('/health/ready', () => ({ status: 'ok' }));
  fastify.get('/metrics', () => 'metrics');
  await fastify.ready();
  // Past the readiness grace, and a sample taken of what the test set.
  jest.advanceTimersByTime(2 * LOAD_SAMPLE_MS);
  return fastify;
}

/** Lets the plugin take its next sample of mockLoop. */
function sample(): void {
  jest.advanceTimersByTime(LOAD_SAMPLE_MS);
}

const placeOrder = (fastify: FastifyInstance) =>
  fastify.inject({ method: 'POST', url: '/orders', payload: { customerId: 'c' } });

describe('load shedding', () => {
  let fastify: FastifyInstance | undefined;
  beforeEach(() => {
    // Only the clock and timers: inject() runs on nextTick and setImmediate.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    mockLoop.delayMs = 0;
    mockLoop.utilization = 0;
  });
  afterEach(async () => {
    await fastify?.close();
    fastify = undefined;
    jest.useRealTimers();
  });

  it('refuses orders with 503 and Retry-After while the mean delay is over the limit, and takes them again after', async () => {
    fastify = await server({ maxEventLoopDelayMs: 100, maxEventLoopUtilization: 0 });
    expect((await placeOrder(fastify)).statusCode).toBe(200);

    mockLoop.delayMs = 101;
    sample();
    const refused = await placeOrder(fastify);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
    expect(refused.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'intake is overloaded, retry later; the order was not accepted',
    });

    mockLoop.delayMs = 100;
    sample();
    expect((await placeOrder(fastify)).statusCode).toBe(200);
  });

  it('refuses orders when no tick came in a whole sample', async () => {
    fastify = await server({ maxEventLoopDelayMs: 100, maxEventLoopUtilization: 0 });
    mockLoop.delayMs = null;
    sample();
    expect((await placeOrder(fastify)).statusCode).toBe(503);
  });

  it('never sheds health, metrics or order lookups', async () => {
    fastify = await server({ maxEventLoopDelayMs: 100, maxEventLoopUtilization: 0 });
    mockLoop.delayMs = 5000;
    sample();
    for (const url of ['/health/ready', '/metrics', '/orders/0190d3c8-0000-7000-8000-000000000000']) {
      expect((await fastify.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
    expect((await placeOrder(fastify)).statusCode).toBe(503);
  });

  it('sheds on event-loop utilisation when that limit is set', async () => {
    fastify = await server({ maxEventLoopDelayMs: 0, maxEventLoopUtilization: 0.9 });
    mockLoop.delayMs = 5000;
    mockLoop.utilization = 0.9;
    sample();
    expect((await placeOrder(fastify)).statusCode).toBe(200);
    mockLoop.utilization = 0.95;
    sample();
    expect((await placeOrder(fastify)).statusCode).toBe(503);
  });

  it('does not act on what was measured while booting', async () => {
    fastify = Fastify();
    await shedLoad(fastify, { maxEventLoopDelayMs: 100, maxEventLoopUtilization: 0 }, RETRY_AFTER_SECONDS);
    fastify.post('/orders', () => ({ taken: true }));
    mockLoop.delayMs = 5000;
    sample();
    await fastify.ready();
    expect((await placeOrder(fastify)).statusCode).toBe(200);
    jest.advanceTimersByTime(2 * LOAD_SAMPLE_MS);
    expect((await placeOrder(fastify)).statusCode).toBe(503);
  });

  it('measures nothing and sheds nothing with both limits at 0', async () => {
    fastify = await server({ maxEventLoopDelayMs: 0, maxEventLoopUtilization: 0 });
    mockLoop.delayMs = null;
    mockLoop.utilization = 1;
    sample();
    expect((await placeOrder(fastify)).statusCode).toBe(200);
    expect(fastify.hasDecorator('isUnderPressure')).toBe(false);
  });
});
