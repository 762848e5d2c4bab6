import { deadLetterTopicsFor, loadDeadLetterToolConfig, loadFulfillmentConfig } from './config';

describe('loadFulfillmentConfig', () => {
  it('has working defaults', () => {
    expect(loadFulfillmentConfig({})).toMatchObject({
      port: 3001,
      host: '0.0.0.0',
      kafkaBrokers: ['127.0.0.1:9092'],
      groupId: 'fulfillment',
      ordersTopic: 'orders',
      topicPartitions: 12,
      retentionWarningShare: 0.5,
      retentionCheckMs: 15000,
      outcomesTopic: 'orders.outcomes',
      outboxBatchSize: 500,
      outboxPollMs: 200,
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
    ['RETENTION_WARNING_SHARE', '1.5'],
    ['RETENTION_WARNING_SHARE', '0'],
    ['RETENTION_WARNING_SHARE', 'half'],
    ['RETENTION_CHECK_INTERVAL_MS', '0'],
    ['DRAIN_DEAD_LETTER_ATTEMPTS', '0'],
    ['OUTBOX_BATCH_SIZE', '0'],
    ['OUTBOX_POLL_MS', 'soon'],
  ])('stops with the name of %s when it is %p', (name, value) => {
    expect(() => loadFulfillmentConfig({ [name]: value })).toThrow(name);
  });
});

describe('deadLetterTopicsFor', () => {
  const config = loadDeadLetterToolConfig({ ORDERS_DLQ_TOPIC: 'o.dlq', NOTIFICATIONS_DLQ_TOPIC: 'n.dlq' });

  it('replays the orders dead letters into the orders topic, the notifications ones into the outcomes topic', () => {
    expect(deadLetterTopicsFor(config)).toMatchObject({ ordersTopic: 'orders', deadLetterTopic: 'o.dlq' });
    expect(deadLetterTopicsFor(config, 'o.dlq')).toMatchObject({ ordersTopic: 'orders', deadLetterTopic: 'o.dlq' });
    expect(deadLetterTopicsFor(config, 'n.dlq')).toEqual({ ordersTopic: 'orders.outcomes', deadLetterTopic: 'n.dlq' });
  });

  it('names both variables when asked for another topic', () => {
    expect(deadLetterTopicsFor(config, 'orders')).toBe(
      '--topic must be o.dlq (ORDERS_DLQ_TOPIC) or n.dlq (NOTIFICATIONS_DLQ_TOPIC), not orders',
    );
  });
});
