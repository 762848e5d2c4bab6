import { envReader } from './env-reader';
import { loadStackConfig } from './stack-config';

const load = (env: NodeJS.ProcessEnv) => loadStackConfig(envReader(env));

describe('log shipping settings', () => {
  it('ships by default, gzip-compressed, to surge.logs on the orders brokers', () => {
    expect(load({ KAFKA_BROKERS: 'k1:9092,k2:9092' })).toMatchObject({
      logsTopic: 'surge.logs',
      logShipping: {
        brokers: ['k1:9092', 'k2:9092'],
        topic: 'surge.logs',
        batchLines: 500,
        lingerMs: 250,
        queueLines: 20000,
        compression: 'gzip',
      },
    });
  });

  it('ships elsewhere when told, and not at all with LOG_SHIPPING=off', () => {
    const elsewhere = load({ LOG_SHIPPING_BROKERS: 'logs:9092', LOGS_TOPIC: 'shop.logs' });
    expect(elsewhere.logShipping).toMatchObject({ brokers: ['logs:9092'], topic: 'shop.logs' });
    expect(load({ LOG_SHIPPING: 'off' }).logShipping).toBeUndefined();
  });

  it.each([
    ['LOG_SHIPPING', 'yes'],
    ['LOG_SHIPPING_BATCH_LINES', '0'],
    ['LOG_SHIPPING_LINGER_MS', 'soon'],
    ['LOG_SHIPPING_QUEUE_LINES', '-1'],
    ['LOG_SHIPPING_COMPRESSION', 'lz4'],
  ])('stops with the name of %s when it is %p', (name, value) => {
    expect(() => load({ [name]: value })).toThrow(name);
  });
});
