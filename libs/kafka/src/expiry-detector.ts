import type { PartitionLag } from './consumer-lag';

/** Orders Kafka deleted (retention) before the group read them: offsets [fromOffset, toOffset). */
export interface ExpiredOrders {
  topic: string;
  partition: number;
  fromOffset: string;
  toOffset: string;
  count: number;
}

/** The group's committed offsets and each partition's log start, for one topic. */
export type ReadPositions = (
  topic: string,
) => Promise<Array<Pick<PartitionLag, 'partition' | 'startOffset' | 'committedOffset'>>>;

/**
 * Notices when the group's position was deleted under it. kafkajs answers
 * OFFSET_OUT_OF_RANGE by committing "earliest" and reading on from the log
 * start, with one log line and no count (consumerGroup.js,
 * recoverFromOffsetOutOfRange): the orders in between are gone without a
 * trace. This remembers where the group stood (its commits, read before
 * consuming and after every join, then ours) and, when a fetched batch starts
 * past that, counts what the log start moved over.
 */
export class ExpiryDetector {
  /** topic:partition → the next offset the group has yet to read. */
  private readonly expected = new Map<string, bigint>();
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly topics: string[],
    private readonly read: ReadPositions,
  ) {}

  /**
   * Reads the group's commits. Where there is none (or kafkajs's "earliest"
   * marker after a reset), what was known is kept: that is the position the
   * reset jumped from.
   */
  refresh(): Promise<void> {
    this.refreshing = (async () => {
      for (const topic of this.topics) {
        for (const { partition, committedOffset } of await this.read(topic)) {
          if (committedOffset !== null) this.expected.set(key(topic, partition), BigInt(committedOffset));
        }
      }
    })();
    return this.refreshing;
  }

  /** Resolves once a refresh in flight is done (its admin client disconnected), whatever its outcome. */
  async settled(): Promise<void> {
    await this.refreshing.catch(() => undefined);
  }

  /** The group committed `next` for the partition: it has read everything before it. */
  committed(topic: string, partition: number, next: bigint): void {
    this.expected.set(key(topic, partition), next);
  }

  /**
   * A batch starting at `firstOffset` arrived. A start past the expected
   * position is a loss only for the part the log start moved over; the rest
   * another member read and committed meanwhile.
   */
  async check(topic: string, partition: number, firstOffset: bigint): Promise<ExpiredOrders | null> {
    await this.settled();
    const expected = this.expected.get(key(topic, partition));
    if (expected === undefined || firstOffset <= expected) return null;
    this.expected.set(key(topic, partition), firstOffset);
    const position = (await this.read(topic)).find((p) => p.partition === partition);
    const start = BigInt(position?.startOffset ?? '0');
    const end = firstOffset < start ? firstOffset : start;
    if (end <= expected) return null;
    return { topic, partition, fromOffset: String(expected), toOffset: String(end), count: Number(end - expected) };
  }
}

function key(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
