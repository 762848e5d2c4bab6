import { loadFulfillmentConfig } from './config';

describe('loadFulfillmentConfig', () => {
  it('has working defaults', () => {
    expect(loadFulfillmentConfig({})).toMatchObject({
      port: 3001,
      host: '0.0.0.0',
      kafkaBrokers: ['127.0.0.1:9092'],
      groupId: 'fulfillment',
      ordersTopic: 'orders',
      topicPartitions: 12,
    });
  });

  it.each([
    ['FULFILLMENT_PORT', 'http'],
    ['FULFILLMENT_HOST', 'http://x'],
    ['DRAIN_BATCH_SIZE', '-5'],
    ['TOPIC_PARTITIONS', 'many'],
    ['MYSQL_URL', 'not a url'],
    ['ADMIN_TOKEN', 'too-short'],
    ['DRAIN_RATE_PER_SECOND', '-1'],
  ])('stops with the name of %s when it is %p', (name, value) => {
    expect(() => loadFulfillmentConfig({ [name]: value })).toThrow(name);
  });
});
