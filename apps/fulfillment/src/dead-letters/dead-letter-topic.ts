import { BatchingProducer, countMessages, readTopic, topicExists, type InboundMessage, type Kafka } from '@surge/kafka';
import { isSelected, toEntry, toReplay, type DeadLetterEntry, type DeadLetterSelection } from './dead-letter-entry';

export interface DeadLetterTopics {
  ordersTopic: string;
  deadLetterTopic: string;
}

export interface ReplayResult {
  /** The dead letters put back into the orders topic, each acknowledged by the broker. */
  replayed: DeadLetterEntry[];
  ordersTopic: string;
}

/**
 * The dead-letter topic as ops see it: what is in it, and re-driving chosen
 * messages into the orders topic after a fix. Dead letters stay where they
 * are (the topic is a log); a replayed order the drain refuses again comes
 * back as a new dead letter, and one already stored is skipped by the drain,
 * so replaying twice stores nothing twice.
 */
export class DeadLetterTopic {
  constructor(
    private readonly kafka: Kafka,
    private readonly topics: DeadLetterTopics,
  ) {}

  /** How many dead letters the topic holds: offsets only, cheap enough for the console to poll. */
  async count(): Promise<{ topic: string; count: number }> {
    await this.mustExist();
    return { topic: this.topics.deadLetterTopic, count: await countMessages(this.kafka, this.topics.deadLetterTopic) };
  }

  async list(selection: DeadLetterSelection = {}): Promise<DeadLetterEntry[]> {
    return (await this.read(selection)).map(toEntry);
  }

  /** One dead letter with its value and headers, or null when there is none at that place. */
  async show(partition: number, offset: bigint): Promise<{ entry: DeadLetterEntry; message: InboundMessage } | null> {
    const [message] = await this.read({ partition, from: offset, to: offset });
    return message ? { entry: toEntry(message), message } : null;
  }

  async replay(selection: DeadLetterSelection): Promise<ReplayResult> {
    const messages = await this.read(selection);
    const { ordersTopic, deadLetterTopic } = this.topics;
    if (messages.length > 0) {
      const producer = new BatchingProducer(this.kafka, {
        lingerMs: 0,
        maxBatchMessages: 500,
        maxBatchBytes: 1 << 20,
        maxInFlight: messages.length,
        sendTimeoutMs: 30_000,
        compression: 'none',
      });
      await producer.connect();
      try {
        // In dead-letter order, so one customer's orders go back in the order they came.
        await Promise.all(messages.map((m) => producer.send(ordersTopic, toReplay(m, deadLetterTopic))));
      } finally {
        await producer.close();
      }
    }
    return { replayed: messages.map(toEntry), ordersTopic };
  }

  private async read(selection: DeadLetterSelection): Promise<InboundMessage[]> {
    await this.mustExist();
    const messages = await readTopic(this.kafka, this.topics.deadLetterTopic);
    return messages
      .filter((m) => isSelected(m, selection))
      .sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }

  private async mustExist(): Promise<void> {
    // Fulfillment creates it at boot; asked for a misspelt one, kafkajs would retry for half a minute.
    if (!(await topicExists(this.kafka, this.topics.deadLetterTopic))) {
      throw new Error(
        `topic ${this.topics.deadLetterTopic} does not exist (ORDERS_DLQ_TOPIC or NOTIFICATIONS_DLQ_TOPIC)`,
      );
    }
  }
}
