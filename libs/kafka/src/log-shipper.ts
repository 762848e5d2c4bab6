import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';

export interface LogShipperOptions {
  topic: string;
  /** Every message's key (the app's name). */
  key: string;
  /** Every message's headers. */
  headers?: Record<string, string>;
  /** Records per message at most. */
  batchLines: number;
  /** How long a record waits for more to fill its message. */
  lingerMs: number;
  /** Records held while Kafka is slow or away; past this, new ones are dropped and counted. */
  queueLines: number;
  compression: 'none' | 'gzip';
}

/** Records handed to Kafka and records given up on, since the shipper started. */
export interface LogShipperCounts {
  shipped: number;
  /** Found the queue full (Kafka slower than the app logs, or away for a while). */
  queueFull: number;
  /** In a message Kafka refused or did not answer. */
  refused: number;
}

/**
 * Text in a message at most, before compression: a message closes early
 * rather than pass it, so a batch of long lines (stack traces) stays well
 * under the broker's 1 MB default for a record batch.
 */
const MESSAGE_MAX_CHARS = 256 * 1024;

interface Batch {
  value: string;
  records: number;
}

/**
 * Ships log records to a topic, many to a message (one per line, as
 * logLines in @surge/contracts reads them), compressed, and never makes its caller wait: a
 * record that finds the queue full is dropped and counted, and a message
 * Kafka refuses is dropped and counted too. One message per batch rather than
 * one per record: kafkajs encodes each message field by field, which cost more
 * than everything else shipping does. Logs are worth less than the orders they
 * describe, so this is the opposite trade of BatchingProducer: acks=1 (the
 * leader's write; no replication round trip), no idempotence, no retry beyond
 * kafkajs's one, and no backpressure.
 */
export class LogShipper {
  private readonly producer: Producer;
  /** Closed batches, oldest first, waiting for their send. */
  private readonly sealed: Batch[] = [];
  /** The batch being filled. */
  private open: string[] = [];
  private openChars = 0;
  /** Records in `sealed` and `open`: what the queue bound counts. */
  private queued = 0;
  private connected = false;
  private sending = false;
  private lingerTimer: NodeJS.Timeout | null = null;
  private idle: (() => void) | null = null;
  readonly counts: LogShipperCounts = { shipped: 0, queueFull: 0, refused: 0 };
  /** The last error Kafka gave, for the warning that reports drops. */
  lastError: string | undefined;

  constructor(
    kafka: Kafka,
    private readonly options: LogShipperOptions,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1, initialRetryTime: 100 } });
    this.producer.on(this.producer.events.CONNECT, () => (this.connected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  /** Queues records (each one JSON text without a newline); drops and counts those the queue has no room for. */
  push(records: readonly string[]): void {
    const room = Math.max(0, this.options.queueLines - this.queued);
    this.counts.queueFull += Math.max(0, records.length - room);
    const taken = Math.min(room, records.length);
    for (let i = 0; i < taken; i++) {
      const record = records[i];
      if (this.open.length > 0 && this.openChars + record.length > MESSAGE_MAX_CHARS) this.seal();
      this.open.push(record);
      this.openChars += record.length + 1;
      if (this.open.length >= this.options.batchLines) this.seal();
    }
    this.queued += taken;
    if (this.sealed.length > 0) this.sendNow();
    if (this.open.length > 0) this.lingerTimer ??= setTimeout(() => this.sendNow(true), this.options.lingerMs);
  }

  /** Sends what is queued, then disconnects. */
  async close(): Promise<void> {
    if (this.queued > 0 || this.sending) {
      const idle = new Promise<void>((resolve) => (this.idle = resolve));
      this.sendNow(true);
      await idle;
    }
    await this.producer.disconnect();
  }

  private seal(): void {
    if (this.open.length === 0) return;
    this.sealed.push({ value: this.open.join('\n'), records: this.open.length });
    this.open = [];
    this.openChars = 0;
  }

  /** `all`: the open batch goes too (its linger is over, or the shipper is closing). */
  private sendNow(all = false): void {
    if (all) {
      if (this.lingerTimer) clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
      this.seal();
    }
    if (!this.sending) void this.flush();
  }

  /** Never rejects: a refused message is counted as dropped. */
  private async flush(): Promise<void> {
    this.sending = true;
    for (let batch = this.sealed.shift(); batch; batch = this.sealed.shift()) {
      try {
        if (!this.connected) await this.producer.connect();
        await this.producer.send({
          topic: this.options.topic,
          acks: 1,
          compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
          messages: [{ key: this.options.key, value: batch.value, headers: this.options.headers }],
        });
        this.counts.shipped += batch.records;
      } catch (error) {
        this.counts.refused += batch.records;
        this.lastError = (error as Error).message;
      }
      this.queued -= batch.records;
    }
    this.sending = false;
    if (this.queued === 0) this.idle?.();
  }
}
