import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';

export interface LogShipperOptions {
  topic: string;
  /** Lines per produce request at most. */
  batchLines: number;
  /** How long a line waits for more to fill its batch. */
  lingerMs: number;
  /** Lines held while Kafka is slow or away; past this, new lines are dropped and counted. */
  queueLines: number;
  compression: 'none' | 'gzip';
}

/** Lines handed to Kafka and lines given up on, since the shipper started. */
export interface LogShipperCounts {
  shipped: number;
  /** Found the queue full (Kafka slower than the app logs, or away for a while). */
  queueFull: number;
  /** In a batch Kafka refused or did not answer. */
  refused: number;
}

/**
 * Ships log lines to a topic in compressed batches, and never makes its
 * caller wait: a line that finds the queue full is dropped and counted, and a
 * batch Kafka refuses is dropped and counted too. Logs are worth less than the
 * orders they describe, so this is the opposite trade of BatchingProducer:
 * acks=1 (the leader's write; no replication round trip), no idempotence, no
 * retry beyond kafkajs's one, and no backpressure.
 */
export class LogShipper {
  private readonly producer: Producer;
  private queue: Message[] = [];
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

  /** Queues one line; drops it (and counts it) when the queue is full. */
  push(key: string, value: string): void {
    if (this.queue.length >= this.options.queueLines) {
      this.counts.queueFull++;
      return;
    }
    this.queue.push({ key, value });
    if (this.sending) return;
    if (this.queue.length >= this.options.batchLines) this.sendNow();
    else this.lingerTimer ??= setTimeout(() => this.sendNow(), this.options.lingerMs);
  }

  /** Sends what is queued, then disconnects. */
  async close(): Promise<void> {
    if (this.queue.length > 0 || this.sending) {
      const idle = new Promise<void>((resolve) => (this.idle = resolve));
      this.sendNow();
      await idle;
    }
    await this.producer.disconnect();
  }

  private sendNow(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    if (!this.sending) void this.flush();
  }

  /** Never rejects: a failed batch is counted as dropped. */
  private async flush(): Promise<void> {
    this.sending = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.batchLines);
      try {
        if (!this.connected) await this.producer.connect();
        await this.producer.send({
          topic: this.options.topic,
          acks: 1,
          compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
          messages: batch,
        });
        this.counts.shipped += batch.length;
      } catch (error) {
        this.counts.refused += batch.length;
        this.lastError = (error as Error).message;
      }
    }
    this.sending = false;
    this.idle?.();
  }
}
