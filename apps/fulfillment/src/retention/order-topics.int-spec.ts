import { Logger } from '@nestjs/common';
import { ORDERS_RETENTION_MS, orderTopicSpecs } from '@surge/contracts';
import { createKafka, describeTopicConfig, ensureTopic, provisionTopics } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { testStack, uniqueName, waitFor } from '@surge/testing';

const kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'provisioning-int-spec' });
const created: string[] = [];

afterAll(() => deleteTopics(kafka, created));

/** What provisioning logged (and kept off the console), as `level: line`. */
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const level of ['log', 'warn'] as const) {
    jest
      .spyOn(Logger.prototype, level)
      .mockImplementation((...args: unknown[]) => void logged.push(`${level}: ${String(args[0])}`));
  }
});
afterEach(() => jest.restoreAllMocks());

/** A topic made by hand, the way an operator would, with the given overrides. */
async function handMadeTopic(configs: Record<string, string>): Promise<string> {
  const topic = uniqueName('provisioned');
  created.push(topic, `${topic}.dlq`);
  for (const name of [topic, `${topic}.dlq`])
    await ensureTopic(kafka, { topic: name, partitions: 1, replicationFactor: 1, configs });
  return topic;
}

/** KRaft applies an altered config on the broker a moment after the controller accepted it. */
function configReaches(topic: string, name: string, value: string): Promise<true> {
  return waitFor(
    `${topic} ${name}=${value}`,
    async () => (await describeTopicConfig(kafka, topic, name)) === value || false,
    {
      timeoutMs: 10_000,
    },
  );
}

function specsFor(topic: string) {
  return orderTopicSpecs({
    ordersTopic: topic,
    deadLetterTopic: `${topic}.dlq`,
    topicPartitions: 1,
    topicReplicationFactor: 1,
  });
}

function provision(topic: string): Promise<void> {
  return provisionTopics(kafka, specsFor(topic));
}

describe('order topic provisioning', () => {
  it('raises a retention below three days to three days, on both topics', async () => {
    const topic = await handMadeTopic({ 'retention.ms': '3600000' });
    await provision(topic);
    for (const name of [topic, `${topic}.dlq`]) await configReaches(name, 'retention.ms', String(ORDERS_RETENTION_MS));
    expect(logged).toEqual([
      `warn: topic ${topic}: set retention.ms from 3600000 to ${ORDERS_RETENTION_MS}`,
      `warn: topic ${topic}.dlq: set retention.ms from 3600000 to ${ORDERS_RETENTION_MS}`,
    ]);
  });

  it('never lowers a retention an operator raised, nor unlimited retention', async () => {
    const week = String(7 * 24 * 3600 * 1000);
    const raised = await handMadeTopic({ 'retention.ms': week });
    const unlimited = await handMadeTopic({ 'retention.ms': '-1' });
    // What provisioning does on a restart, topic by topic: nothing to alter, both values kept.
    for (const [topic, value] of [
      [raised, week],
      [unlimited, '-1'],
    ]) {
      for (const spec of specsFor(topic)) {
        expect(await ensureTopic(kafka, spec)).toEqual({
          created: false,
          corrected: [],
          kept: [{ name: 'retention.ms', value, floor: ORDERS_RETENTION_MS }],
        });
      }
      expect(await describeTopicConfig(kafka, topic, 'retention.ms')).toBe(value);
    }
    // And it says so.
    await provision(raised);
    expect(logged).toEqual([
      `log: topic ${raised}: kept retention.ms=${week} (at least ${ORDERS_RETENTION_MS} wanted, never lowered)`,
      `log: topic ${raised}.dlq: kept retention.ms=${week} (at least ${ORDERS_RETENTION_MS} wanted, never lowered)`,
    ]);
  });
});

describe('ensureTopic floors', () => {
  const ensureMinIsrFloor = (topic: string) =>
    ensureTopic(kafka, {
      topic,
      partitions: 1,
      replicationFactor: 1,
      configs: {},
      floors: { 'min.insync.replicas': 2 },
    });

  it('raises min.insync.replicas to the floor and keeps the other overrides', async () => {
    const topic = await handMadeTopic({ 'min.insync.replicas': '1', 'max.message.bytes': '65536' });
    const result = await ensureMinIsrFloor(topic);
    expect(result).toEqual({
      created: false,
      corrected: [{ name: 'min.insync.replicas', was: '1', now: '2' }],
      kept: [],
    });
    await configReaches(topic, 'min.insync.replicas', '2');
    expect(await describeTopicConfig(kafka, topic, 'max.message.bytes')).toBe('65536');
  });

  it('never lowers min.insync.replicas', async () => {
    const topic = await handMadeTopic({ 'min.insync.replicas': '3' });
    const result = await ensureMinIsrFloor(topic);
    expect(result).toEqual({
      created: false,
      corrected: [],
      kept: [{ name: 'min.insync.replicas', value: '3', floor: 2 }],
    });
    expect(await describeTopicConfig(kafka, topic, 'min.insync.replicas')).toBe('3');
  });
});
