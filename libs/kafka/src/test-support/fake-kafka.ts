import type {
  Batch,
  ConsumerRunConfig,
  EachBatchPayload,
  Kafka,
  KafkaMessage,
  Message,
  PartitionMetadata,
  ProducerBatch,
  ProducerConfig,
  RecordMetadata,
} from 'kafkajs';
import type { DrainThrottle } from '@surge/pacing';
import type { BatchTransportOptions } from '../batch-transport';

/**
 * The small part of kafkajs that BatchingProducer and KafkaBatchTransport
 * touch, faked so the rules that decide whether an order is lost can be pinned
 * in specs that run in milliseconds. The integration specs prove the same rules
 * against the real broker.
 */

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** One sendBatch() call the test answers by hand. */
export class PendingSend {
  private readonly answer = deferred<RecordMetadata[]>();

  constructor(
    readonly request: ProducerBatch,
    /** Where the producer's partitioner put each message, in request order. */
    readonly placed: Array<{ topic: string; partition: number; value: string }>,
    /** Emits kafkajs's instrumentation event for the request: answered, or timed out. */
    private readonly instrument: (answered: boolean) => void,
  ) {}

  get promise(): Promise<RecordMetadata[]> {
    return this.answer.promise;
  }

  get values(): string[] {
    return this.placed.map((p) => p.value);
  }

  partitionOf(value: string): number {
    const found = this.placed.find((p) => p.value === value);
    if (!found) throw new Error(`${value} is not in this request`);
    return found.partition;
  }

  /** The broker's result: one entry per partition written, each without an error. */
  acknowledgeAll(): void {
    this.acknowledge(this.placed.map((p) => ({ topic: p.topic, partition: p.partition, errorCode: 0 })));
  }

  /** A result naming only the given partitions, e.g. the kafkajs#1303 case where some are missing. */
  acknowledge(entries: Array<{ topic: string; partition: number; errorCode: number }>): void {
    const seen = new Map(entries.map((e) => [`${e.topic}:${e.partition}`, e]));
    this.instrument(true);
    this.answer.resolve(
      // Every partition's messages start at offset 100 here.
      [...seen.values()].map(({ topic, partition, errorCode }) => ({
        topicName: topic,
        partition,
        errorCode,
        baseOffset: '100',
      })),
    );
  }

  fail(error: Error): void {
    this.answer.reject(error);
  }

  /** No answer within kafkajs's request timeout. */
  timeOut(): void {
    this.instrument(false);
    this.answer.reject(new Error('Request Produce(key: 0, version: 7) timed out'));
  }
}

const PRODUCER_EVENTS = {
  CONNECT: 'producer.connect',
  DISCONNECT: 'producer.disconnect',
  REQUEST: 'producer.network.request',
  REQUEST_TIMEOUT: 'producer.network.request_timeout',
};

export class FakeProducer {
  readonly events = PRODUCER_EVENTS;
  readonly sends: PendingSend[] = [];
  /** Plain send() calls (the transport's dead letters), answered at once. */
  readonly plainSends: Array<{ topic: string; messages: Message[] }> = [];
  connects = 0;
  disconnects = 0;
  private readonly listeners = new Map<string, Array<(event: { payload: unknown }) => void>>();
  private readonly partition: ReturnType<NonNullable<ProducerConfig['createPartitioner']>> | null;

  constructor(
    readonly config: ProducerConfig,
    private readonly partitionMetadata: PartitionMetadata[],
    private readonly log: string[],
  ) {
    this.partition = config.createPartitioner ? config.createPartitioner() : null;
  }

  on(event: string, listener: (event: { payload: unknown }) => void): () => void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return () => undefined;
  }

  async connect(): Promise<void> {
    this.connects++;
    this.emit(PRODUCER_EVENTS.CONNECT, {});
  }

  async disconnect(): Promise<void> {
    this.disconnects++;
    this.emit(PRODUCER_EVENTS.DISCONNECT, {});
  }

  sendBatch(request: ProducerBatch): Promise<RecordMetadata[]> {
    const placed = (request.topicMessages ?? []).flatMap(({ topic, messages }) =>
      messages.map((message) => ({
        topic,
        partition: this.choosePartition(topic, message),
        value: String(message.value),
      })),
    );
    const pending = new PendingSend(request, placed, (ok) =>
      this.emit(ok ? PRODUCER_EVENTS.REQUEST : PRODUCER_EVENTS.REQUEST_TIMEOUT, { apiName: 'Produce' }),
    );
    this.sends.push(pending);
    return pending.promise;
  }

  /** While set, plain sends wait for it: the broker has not acknowledged them yet. */
  holdSends: Promise<void> | null = null;

  /** Plain sends to refuse, as a broker refuses a message too large for the topic. */
  failSends = 0;

  async send(record: { topic: string; messages: Message[] }): Promise<RecordMetadata[]> {
    if (this.holdSends) await this.holdSends;
    if (this.failSends > 0) {
      this.failSends--;
      this.log.push('dead-letter refused');
      throw new Error('The request included a message larger than the max message size the server will accept');
    }
    this.log.push(`dead-letter ${record.messages.map((m) => m.headers?.['x-source-offset']).join(',')}`);
    this.plainSends.push(record);
    return [];
  }

  private choosePartition(topic: string, message: Message): number {
    if (!this.partition) return 0;
    return this.partition({ topic, partitionMetadata: this.partitionMetadata, message });
  }

  private emit(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener({ payload });
  }
}

export class FakeConsumer {
  readonly events = { GROUP_JOIN: 'consumer.group_join' };
  runConfig: ConsumerRunConfig | null = null;
  readonly commits: Array<{ topic: string; partition: number; offset: string }> = [];
  /** Set once disconnect() began: kafkajs's runner no longer runs. */
  stopping = false;
  private readonly inHand = new Set<Promise<void>>();
  private groupJoin: ((event: { payload: { memberAssignment: Record<string, number[]> } }) => void) | null = null;

  constructor(private readonly log: string[]) {}

  on(_event: string, listener: (event: { payload: { memberAssignment: Record<string, number[]> } }) => void): void {
    this.groupJoin = listener;
  }

  readonly connect = () => Promise.resolve();
  readonly subscribe = () => Promise.resolve();

  /** Like kafkajs: stops the runner, then waits for the fetches in hand before leaving the group. */
  async disconnect(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inHand]);
  }

  /** Like kafkajs's stop(): the runner stops and the fetches in hand finish; the member can run() again. */
  async stop(): Promise<void> {
    await this.disconnect();
  }

  /** Every run() call: a run loop restarted with new settings shows up as a second one. */
  readonly runs: ConsumerRunConfig[] = [];

  async run(config: ConsumerRunConfig): Promise<void> {
    this.runConfig = config;
    this.runs.push(config);
    this.stopping = false;
  }

  /** kafkajs's consumer.commitOffsets(): silently does nothing once the runner stopped. */
  async commitOffsets(offsets: Array<{ topic: string; partition: number; offset: string }>): Promise<void> {
    if (this.stopping) return;
    this.commitToGroup(offsets);
  }

  /** The commit a fetch's payload makes, straight to the group. */
  commitToGroup(offsets: Array<{ topic: string; partition: number; offset: string }>): void {
    this.log.push(`commit ${offsets.map((o) => o.offset).join(',')}`);
    this.commits.push(...offsets);
  }

  /** What kafkajs does after a rebalance: tells the member which partitions it holds. */
  join(memberAssignment: Record<string, number[]>): void {
    this.groupJoin?.({ payload: { memberAssignment } });
  }

  /** Hands one fetch to the transport, as kafkajs's runner does. */
  eachBatch(fetched: FakeFetch): Promise<void> {
    if (!this.runConfig?.eachBatch) throw new Error('run() was not called with eachBatch');
    const handled = this.runConfig.eachBatch(fetched.payload(this));
    this.inHand.add(handled);
    return handled.finally(() => this.inHand.delete(handled));
  }
}

/** A Kafka client whose producers and consumer are the fakes above. */
export class FakeKafka {
  readonly producers: FakeProducer[] = [];
  /** The one consumer the transport creates. */
  readonly member: FakeConsumer;
  /** Handler calls, dead letters and commits in the order they happened. */
  readonly log: string[] = [];
  /** What the fake broker reports per partition; a spec may take a leader away. */
  readonly partitionMetadata: PartitionMetadata[];
  /** What the admin client reports per partition: the group's commit and the log start. Unset: none, 0. */
  readonly positions: Record<number, { committed: string; start: string }> = {};

  constructor(partitions = 3) {
    this.partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
      offlineReplicas: [],
    }));
    this.member = new FakeConsumer(this.log);
  }

  get asKafka(): Kafka {
    return this as unknown as Kafka;
  }

  get lastProducer(): FakeProducer {
    const producer = this.producers.at(-1);
    if (!producer) throw new Error('no producer created');
    return producer;
  }

  producer(config: ProducerConfig = {}): FakeProducer {
    const producer = new FakeProducer(config, this.partitionMetadata, this.log);
    this.producers.push(producer);
    return producer;
  }

  consumer(): FakeConsumer {
    return this.member;
  }

  admin() {
    const partitions = this.partitionMetadata;
    const positions = this.positions;
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({
        topics: topics.map((name) => ({ name, partitions })),
      }),
      fetchTopicOffsets: async () =>
        partitions.map(({ partitionId }) => ({
          partition: partitionId,
          low: positions[partitionId]?.start ?? '0',
          high: positions[partitionId]?.start ?? '0',
        })),
      fetchOffsets: async ({ topics }: { topics: string[] }) =>
        topics.map((topic) => ({
          topic,
          partitions: partitions.map(({ partitionId }) => ({
            partition: partitionId,
            offset: positions[partitionId]?.committed ?? '-1',
          })),
        })),
    };
  }
}

/** A fetched batch as kafkajs hands it to eachBatch, with the payload's callbacks recorded. */
export class FakeFetch {
  readonly heartbeats: number[] = [];
  readonly resolved: string[] = [];
  running = true;
  stale = false;
  /** Set to make every heartbeat fail, as it does once the group rebalances. */
  heartbeatError: Error | null = null;
  readonly batch: Batch;

  constructor(topic: string, partition: number, values: string[], firstOffset = 0) {
    const messages: KafkaMessage[] = values.map((value, i) => ({
      key: Buffer.from('customer'),
      value: Buffer.from(value),
      offset: String(firstOffset + i),
      timestamp: '0',
      attributes: 0,
      headers: {},
    }));
    const last = firstOffset + values.length - 1;
    this.batch = {
      topic,
      partition,
      highWatermark: String(last + 1),
      messages,
      isEmpty: () => messages.length === 0,
      firstOffset: () => messages[0]?.offset ?? null,
      lastOffset: () => String(last),
      offsetLag: () => '0',
      offsetLagLow: () => '0',
    };
  }

  payload(member: FakeConsumer): EachBatchPayload {
    return {
      batch: this.batch,
      resolveOffset: (offset: string) => void this.resolved.push(offset),
      heartbeat: async () => {
        this.heartbeats.push(Date.now());
        if (this.heartbeatError) throw this.heartbeatError;
      },
      pause: () => () => undefined,
      commitOffsetsIfNecessary: async (offsets) => {
        if (!offsets) throw new Error('the transport commits explicit offsets only');
        for (const { topic, partitions } of offsets.topics) {
          member.commitToGroup(partitions.map(({ partition, offset }) => ({ topic, partition, offset })));
        }
      },
      uncommittedOffsets: () => ({ topics: [] }),
      isRunning: () => this.running && !member.stopping,
      isStale: () => this.stale,
    };
  }
}

/** A KafkaBatchTransport's options on the fake: one routed topic, short retries, no ceiling unless given. */
export function fakeTransportOptions(
  kafka: FakeKafka,
  routes: Record<string, string>,
  throttle: DrainThrottle,
): BatchTransportOptions {
  return {
    kafka: kafka.asKafka,
    groupId: 'fulfillment',
    routes,
    batchSize: 100,
    partitionsConsumedConcurrently: 1,
    deadLetterTopic: 'orders.dlq',
    deadLetterAttempts: 2,
    retry: { initialMs: 10, maxMs: 10 },
    throttle,
  };
}
