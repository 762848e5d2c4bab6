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
    });
  });

  it.each([
    ['INTAKE_PORT', '70000'],
    ['PRODUCE_COMPRESSION', 'zstd'],
    ['PRODUCE_MAX_IN_FLIGHT', '0'],
    ['LOG_LEVEL', 'verbose'],
    ['THROTTLE_PER_MINUTE', '-5'],
    ['IDEMPOTENCY_WINDOW_MS', '0'],
    ['IDEMPOTENCY_WINDOW_KEYS', 'many'],
  ])('stops with the name of %s when it is %p', (name, value) => {
    expect(() => loadIntakeConfig({ [name]: value })).toThrow(name);
  });
});
