import { logTopicSpecs } from './log-topics';
import { ORDERS_RETENTION_MS } from './topics';

describe('logTopicSpecs', () => {
  it('gives the log topic and its dead-letter topic the configured partitions and the orders retention as a floor', () => {
    const specs = logTopicSpecs({
      logsTopic: 'surge.logs',
      logsDeadLetterTopic: 'surge.logs.dlq',
      topicPartitions: 6,
      topicReplicationFactor: 3,
    });
    expect(specs).toEqual(
      ['surge.logs', 'surge.logs.dlq'].map((topic) => ({
        topic,
        partitions: 6,
        replicationFactor: 3,
        configs: {},
        floors: { 'retention.ms': ORDERS_RETENTION_MS },
      })),
    );
  });
});
