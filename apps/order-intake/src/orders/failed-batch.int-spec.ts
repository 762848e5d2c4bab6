import { BatchingProducer, createKafka, ensureTopic, ProducerUnavailableError, type BatchStats } from '@surge/kafka';
import { deleteTopics, readTopic } from '@surge/kafka-testing';
import { testStack, uniqueName } from '@surge/testing';

const kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'batching-producer-int-spec' });

// Intake's producer, exercised directly: through HTTP the batch boundaries would depend on timing.
describe('BatchingProducer against the broker', () => {
  const topic = uniqueName('batches');
  let producer: BatchingProducer;
  const batches: BatchStats[] = [];

  beforeAll(async () => {
    // One partition, and records over 4 KiB refused by the broker (MESSAGE_TOO_LARGE, not retriable).
    await ensureTopic(kafka, { topic, partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '4096' } });
    producer = new BatchingProducer(
      kafka,
      {
        lingerMs: 50,
        maxBatchMessages: 5,
        maxBatchBytes: 1 << 20,
        maxInFlight: 100,
        sendTimeoutMs: 10_000,
        compression: 'none',
      },
      { onBatch: (stats) => batches.push(stats) },
    );
    await producer.connect();
  });
  afterAll(async () => {
    await producer.close();
    await deleteTopics(kafka, [topic]);
  });

  it('fails only the requests of the batch the broker refused; the batches around it are acknowledged', async () => {
    // Queued in one go: batches of 5 (ok), 5 with one oversized message (refused whole), 5 (ok).
    const values = Array.from({ length: 15 }, (_, i) => Buffer.from(i === 7 ? 'x'.repeat(8192) : `order-${i}`));
    const outcomes = await Promise.allSettled(values.map((value) => producer.send(topic, { key: 'k', value })));

    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
    expect(failed).toEqual([5, 6, 7, 8, 9]);
    for (const i of failed)
      expect((outcomes[i] as PromiseRejectedResult).reason).toBeInstanceOf(ProducerUnavailableError);
    expect(batches.map((b) => [b.messages, b.ok])).toEqual([
      [5, true],
      [5, false],
      [5, true],
    ]);

    const onTopic = (await readTopic(kafka, topic)).map((m) => m.value?.toString());
    expect(onTopic).toEqual([0, 1, 2, 3, 4, 10, 11, 12, 13, 14].map((i) => `order-${i}`));
  });
});
