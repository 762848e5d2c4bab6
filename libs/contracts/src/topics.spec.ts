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

  it('gives the outcomes topic and the notifications dead-letter topic the same retention when configured', () => {
    const specs = orderTopicSpecs({
      ...settings,
      topicReplicationFactor: 1,
      outcomesTopic: 'orders.outcomes',
      notificationsDeadLetterTopic: 'notifications.dlq',
    });
    expect(specs.map((s) => s.topic)).toEqual(['orders', 'orders.dlq', 'orders.outcomes', 'notifications.dlq']);
    for (const spec of specs) expect(spec.floors).toEqual({ 'retention.ms': ORDERS_RETENTION_MS });
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
