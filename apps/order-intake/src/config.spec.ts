import { availableParallelism } from 'node:os';
import { loadIntakeConfig } from './config';

describe('loadIntakeConfig', () => {
  it('has working defaults', () => {
    expect(loadIntakeConfig({})).toMatchObject({
      port: 3000,
      ordersTopic: 'orders',
      produce: { compression: 'none' },
      logLevel: 'info',
      throttlePerMinute: 0,
      idempotencyWindow: { ms: 600_000, keys: 100_000 },
      loadShedding: { maxEventLoopDelayMs: 100, maxEventLoopUtilization: 0 },
    });
  });

  it('runs a worker per core unless INTAKE_WORKERS says otherwise', () => {
    expect(loadIntakeConfig({}).workers).toBe(availableParallelism());
    expect(loadIntakeConfig({ INTAKE_WORKERS: '3' }).workers).toBe(3);
  });

  it.each([
    ['INTAKE_PORT', '70000'],
    ['INTAKE_WORKERS', '0'],
    ['PRODUCE_COMPRESSION', 'zstd'],
    ['PRODUCE_MAX_IN_FLIGHT', '0'],
    ['LOG_LEVEL', 'verbose'],
    ['THROTTLE_PER_MINUTE', '-5'],
    ['INTAKE_HOST', 'not a host!'],
    ['INTAKE_INTERNAL_PORT', '70000'],
    ['INTAKE_MAX_CONNECTIONS', '0'],
    ['INTAKE_HEADERS_TIMEOUT_MS', '40000'],
    ['IDEMPOTENCY_WINDOW_MS', '0'],
    ['IDEMPOTENCY_WINDOW_KEYS', 'many'],
    ['INTAKE_MAX_EVENT_LOOP_DELAY_MS', '-1'],
    ['INTAKE_MAX_EVENT_LOOP_UTILIZATION', '1'],
    ['INTAKE_MAX_EVENT_LOOP_UTILIZATION', 'high'],
  ])('stops with the name of %s when it is %p', (name, value) => {
    expect(() => loadIntakeConfig({ [name]: value })).toThrow(name);
  });

  it('serves /metrics and /docs apart only when INTAKE_INTERNAL_PORT is set, on INTAKE_HOST unless told otherwise', () => {
    expect(loadIntakeConfig({ INTAKE_HOST: '10.1.2.3', INTAKE_INTERNAL_PORT: '9464' }).internal).toEqual({
      port: 9464,
      host: '10.1.2.3',
    });
    expect(loadIntakeConfig({ INTAKE_INTERNAL_PORT: '9464', INTAKE_INTERNAL_HOST: '127.0.0.1' }).internal).toEqual({
      port: 9464,
      host: '127.0.0.1',
    });
  });
});
