import { ORDERS_RETENTION_MS, orderTopicSpecs } from './topics';

const settings = { ordersTopic: 'orders', deadLetterTopic: 'orders.dlq', topicPartitions: 12 };

describe('orderTopicSpecs', () => {
  it('gives the orders topic and its dead-letter topic at least three days of retention', () => {
    const wanted = {
      partitions: 12,
      replicationFactor: 1,
      configs: {},
      floors: { 'retention.ms': ORDERS_RETENTION_MS },
    };
    expect(orderTopicSpecs({ ...settings, topicReplicationFactor: 1 })).toEqual([
      { topic: 'orders', ...wanted },
      { topic: 'orders.dlq', ...wanted },
    ]);
  });

  it('requires two in-sync replicas from three replicas on, so one lost broker loses no acknowledged order', () => {
    for (const spec of orderTopicSpecs({ ...settings, topicReplicationFactor: 3 })) {
      expect(spec.floors?.['min.insync.replicas']).toBe(2);
    }
    expect(orderTopicSpecs({ ...settings, topicReplicationFactor: 2 })[0].floors).not.toHaveProperty(
      'min.insync.replicas',
    );
  });
});
