import { Logger } from '@nestjs/common';
import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { ProducerOverloadedError, ProducerUnavailableError } from './producer-errors';
import { partitionsWithoutLeader } from './partition-leaders';

export interface OutboundMessage {
  key: string | null;
  /** A string is written into the record batch as UTF-8 without an intermediate Buffer. */
  value: Buffer | string;
  headers?: Record<string, string>;
  /** CreateTime in ms since the epoch; the send time if unset. Specs back-date orders to try retention. */
  timestamp?: string;
}

export interface BatchingProducerOptions {
  /** How long an idle producer waits for more messages before sending. */
  lingerMs: number;
  maxBatchMessages: number;
  maxBatchBytes: number;
  /** Messages queued or being sent; past this, send() fails at once. */
  maxInFlight: number;
  /** Deadline for one message's acknowledgement. */
  sendTimeoutMs: number;
  compression: 'none' | 'gzip';
}

/** Where the broker wrote a message. */
export interface Delivery {
  partition: number;
  offset: string;
}

export interface BatchStats {
  messages: number;
  latencyMs: number;
  ok: boolean;
}

/** Observation points for metrics; both run synchronously on the send path, so keep them cheap. */
export interface BatchingProducerHooks {
  /** After each batch settled, successfully or not. */
  onBatch?: (stats: BatchStats) => void;
  /**
   * For each Produce request kafkajs puts on the wire (retries included), from
   * its instrumentation events: ok once the broker answered, not ok when the
   * request timed out unanswered.
   */
  onProduceRequest?: (outcome: { ok: boolean }) => void;
}

interface Pending {
  topic: string;
  message: Message;
  bytes: number;
  resolve: (delivery: Delivery) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  settled: boolean;
}

/**
 * Coalesces concurrent send() calls into one produce request per batch, since
 * kafkajs has no linger.ms / batch.size of its own (kafkajs#1157, #1161).
 *
 * Exactly one batch is in flight at a time: kafkajs's idempotent producer
 * breaks sequence numbers under concurrent sends (kafkajs#598). While a batch
 * is in flight the next one fills, so batches grow with load on their own.
 */
export class BatchingProducer {
  private readonly logger = new Logger(BatchingProducer.name);
  private producer: Producer;
  private queue: Pending[] = [];
  private queuedBytes = 0;
  private inFlight = 0;
  private sending = false;
  private lingerTimer: NodeJS.Timeout | null = null;
  private connected = false;
  /** Set after a failed send: the producer is replaced before the next one. */
  private needsFreshProducer = false;
  private idle: (() => void) | null = null;
  /** The partition the partitioner chose for each message in its last attempt. */
  private readonly partitionOf = new WeakMap<Message, number>();
  /** Set at shutdown: waiting for more messages only delays the last answers. */
  private lingering = true;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BatchingProducerOptions,
    private readonly hooks: BatchingProducerHooks = {},
  ) {
    this.producer = this.createProducer();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  /**
   * Loads the producer's metadata for every partition of the topic before the
   * first message needs it: a cold producer makes the first orders after a
   * start wait for a metadata round trip, or fail on a partition that has no
   * leader yet. Fails while any partition has none, so the caller stays not
   * ready and tries again. Sends nothing.
   */
  async warm(topic: string): Promise<void> {
    const leaderless = await partitionsWithoutLeader(this.kafka, topic);
    if (leaderless.length > 0) {
      throw new ProducerUnavailableError(`partitions ${leaderless.join(', ')} of ${topic} have no leader yet`);
    }
    // An empty batch makes kafkajs fetch the topic's metadata into this producer's cache.
    await this.producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: [] }] });
  }

  /** Resolves once the broker acknowledged the message with acks=all, with where it was written. */
  send(topic: string, message: OutboundMessage): Promise<Delivery> {
    if (this.inFlight >= this.options.maxInFlight) {
      return Promise.reject(new ProducerOverloadedError(this.inFlight));
    }
    return new Promise<Delivery>((resolve, reject) => {
      const entry: Pending = {
        topic,
        message: { key: message.key, value: message.value, headers: message.headers, timestamp: message.timestamp },
        bytes: byteLength(message.value) + (message.key === null ? 0 : byteLength(message.key)),
        resolve,
        reject,
        settled: false,
        timer: setTimeout(() => {
          this.settle(
            entry,
            new ProducerUnavailableError(`no acknowledgement within ${this.options.sendTimeoutMs} ms`),
            null,
          );
        }, this.options.sendTimeoutMs),
      };
      this.inFlight++;
      this.queue.push(entry);
      this.queuedBytes += entry.bytes;
      this.schedule();
    });
  }

  /**
   * Sends what is queued now and every later message at once, without
   * lingering. Called when shutdown begins, so the requests still open are
   * answered as soon as Kafka acknowledges them.
   */
  stopLingering(): void {
    this.lingering = false;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    if (this.queue.length > 0 && !this.sending) void this.flush();
  }

  /** Sends what is queued, waits for the batch in flight, then disconnects. */
  async close(): Promise<void> {
    this.stopLingering();
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    await this.producer.disconnect();
  }

  private schedule(): void {
    if (this.sending) return;
    const full = this.queue.length >= this.options.maxBatchMessages || this.queuedBytes >= this.options.maxBatchBytes;
    if (full || this.options.lingerMs === 0 || !this.lingering) {
      if (this.lingerTimer) clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
      void this.flush();
    } else if (!this.lingerTimer) {
      this.lingerTimer = setTimeout(() => {
        this.lingerTimer = null;
        void this.flush();
      }, this.options.lingerMs);
    }
  }

  private takeBatch(): Pending[] {
    let count = 0;
    let bytes = 0;
    while (count < this.queue.length && count < this.options.maxBatchMessages) {
      bytes += this.queue[count].bytes;
      count++;
      if (bytes >= this.options.maxBatchBytes) break;
    }
    const batch = this.queue.splice(0, count);
    this.queuedBytes -= bytes;
    return batch.filter((entry) => !entry.settled);
  }

  /** Never rejects: every outcome is delivered to the callers' promises. */
  private async flush(): Promise<void> {
    this.sending = true;
    try {
      let batch = this.takeBatch();
      while (batch.length > 0) {
        await this.sendBatch(batch);
        batch = this.takeBatch();
      }
    } finally {
      this.sending = false;
      if (this.queue.length > 0) this.schedule();
      else if (this.inFlight === 0 && this.idle) this.idle();
    }
  }

  private async sendBatch(batch: Pending[]): Promise<void> {
    const started = performance.now();
    const byTopic = new Map<string, Message[]>();
    for (const entry of batch) {
      const messages = byTopic.get(entry.topic) ?? [];
      messages.push(entry.message);
      byTopic.set(entry.topic, messages);
    }
    try {
      if (this.needsFreshProducer) await this.replaceProducer();
      const results = await this.producer.sendBatch({
        acks: -1,
        compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      // kafkajs can resolve a send whose retry skipped a broker that had
      // answered before the partitions moved to it (kafkajs#1303, seen in the
      // broker-loss drill): only a message whose partition is in the result
      // without an error is acknowledged. The rest get 503, never 202.
      const acked = new Set(results.filter((r) => r.errorCode === 0).map((r) => `${r.topicName}:${r.partition}`));
      const unacked = batch.filter((entry) => !acked.has(`${entry.topic}:${this.partitionOf.get(entry.message)}`));
      if (unacked.length > 0) {
        this.needsFreshProducer = true;
        this.logger.warn(`${unacked.length} of ${batch.length} messages missing from the broker's acknowledgement`);
        const cause = new ProducerUnavailableError('the broker did not acknowledge this message');
        for (const entry of unacked) this.settle(entry, cause, null);
      }
      // A partition's messages are written in the order sent, from its base offset on.
      const nextOffset = new Map(results.map((r) => [`${r.topicName}:${r.partition}`, Number(r.baseOffset)]));
      for (const entry of batch) {
        const partition = this.partitionOf.get(entry.message) ?? -1;
        const key = `${entry.topic}:${partition}`;
        const offset = nextOffset.get(key) ?? NaN;
        nextOffset.set(key, offset + 1);
        this.settle(entry, null, { partition, offset: String(offset) });
      }
      this.hooks.onBatch?.({
        messages: batch.length,
        latencyMs: performance.now() - started,
        ok: unacked.length === 0,
      });
    } catch (error) {
      // The broker may have written part of the batch before the failure. kafkajs
      // only advances its sequence numbers on success, so reusing this producer
      // could make the broker drop a later batch as a "duplicate" while
      // acknowledging it. A fresh producer gets a new producer id.
      this.needsFreshProducer = true;
      const cause = new ProducerUnavailableError(`produce failed: ${(error as Error).message}`, { cause: error });
      for (const entry of batch) this.settle(entry, cause, null);
      this.hooks.onBatch?.({ messages: batch.length, latencyMs: performance.now() - started, ok: false });
    }
  }

  private settle(entry: Pending, error: Error | null, delivery: Delivery | null): void {
    if (entry.settled) return;
    entry.settled = true;
    clearTimeout(entry.timer);
    this.inFlight--;
    if (error || !delivery) entry.reject(error ?? new ProducerUnavailableError('no acknowledgement'));
    else entry.resolve(delivery);
  }

  private async replaceProducer(): Promise<void> {
    const old = this.producer;
    this.producer = this.createProducer();
    this.needsFreshProducer = false;
    await old.disconnect().catch((error: Error) => this.logger.warn(`closing failed producer: ${error.message}`));
    await this.producer.connect();
  }

  private createProducer(): Producer {
    const producer = this.kafka.producer({
      idempotent: true,
      // The default partitioner, remembering where each message went (checked against the result).
      createPartitioner: () => {
        const partition = Partitioners.DefaultPartitioner();
        return (args) => {
          const chosen = partition(args);
          this.partitionOf.set(args.message, chosen);
          return chosen;
        };
      },
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Bounded so a dead broker surfaces as an error the caller can answer
      // with 503 instead of a send that retries forever; see replaceProducer.
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
    });
    producer.on(producer.events.CONNECT, () => (this.connected = true));
    const onProduceRequest = this.hooks.onProduceRequest;
    if (onProduceRequest) {
      producer.on(producer.events.REQUEST, ({ payload }) => {
        if (payload.apiName === 'Produce') onProduceRequest({ ok: true });
      });
      producer.on(producer.events.REQUEST_TIMEOUT, ({ payload }) => {
        if (payload.apiName === 'Produce') onProduceRequest({ ok: false });
      });
    }
    producer.on(producer.events.DISCONNECT, () => (this.connected = false));
    return producer;
  }
}

function byteLength(value: Buffer | string): number {
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
