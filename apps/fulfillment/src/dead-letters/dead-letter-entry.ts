import type { InboundMessage, OutboundMessage } from '@surge/kafka';

/** One message in the dead-letter topic, as the DLQ tools show it. */
export interface DeadLetterEntry {
  /** Where it sits in the dead-letter topic: what `show` and `replay` select by. */
  partition: number;
  offset: string;
  /** When it was dead-lettered. */
  time: string;
  /** Why (x-error). */
  error: string;
  /** Where it was consumed from (x-source-*). */
  source: { topic: string; partition: number | null; offset: string | null };
  key: string | null;
  /** The order id, when the value is JSON with one. */
  orderId: string | null;
}

/** Which dead letters to act on; every field is optional, `from` and `to` are inclusive. */
export interface DeadLetterSelection {
  partition?: number;
  from?: bigint;
  to?: bigint;
}

/**
 * What is wrong with a selection, the same for the CLI and the admin API, or
 * null. Re-driving everything is never the default: replay must be asked for
 * `all` or a partition.
 */
export function selectionProblem(s: DeadLetterSelection, use: 'list' | { replayAll: boolean }): string | null {
  if ((s.from !== undefined || s.to !== undefined) && s.partition === undefined) {
    return 'from and to are offsets within one partition: give the partition too';
  }
  if (s.from !== undefined && s.to !== undefined && s.from > s.to) return 'from is past to';
  if (use === 'list') return null;
  if (use.replayAll && s.partition !== undefined) return 'replay takes all or a partition range, not both';
  if (!use.replayAll && s.partition === undefined) {
    return 'replay needs all or a partition (with from and to to narrow it)';
  }
  return null;
}

/** Headers the drain adds to a dead letter; a replayed message must not carry them back into the orders topic. */
const DEAD_LETTER_HEADERS = ['x-error', 'x-source-topic', 'x-source-partition', 'x-source-offset'];

export function toEntry(message: InboundMessage): DeadLetterEntry {
  const { headers } = message;
  const sourcePartition = headers['x-source-partition'];
  return {
    partition: message.partition,
    offset: message.offset,
    time: new Date(Number(message.timestamp)).toISOString(),
    error: headers['x-error'] ?? '(no x-error header)',
    source: {
      topic: headers['x-source-topic'] ?? '',
      partition: sourcePartition === undefined ? null : Number(sourcePartition),
      offset: headers['x-source-offset'] ?? null,
    },
    key: message.key?.toString('utf8') ?? null,
    orderId: orderIdOf(message.value),
  };
}

export function isSelected(message: Pick<InboundMessage, 'partition' | 'offset'>, s: DeadLetterSelection): boolean {
  const offset = BigInt(message.offset);
  return (
    (s.partition === undefined || message.partition === s.partition) &&
    (s.from === undefined || offset >= s.from) &&
    (s.to === undefined || offset <= s.to)
  );
}

/**
 * The message to put back into the orders topic: the original key (so the
 * customer's partition, and order, are kept) and value, the original headers,
 * and where it was replayed from. Storing it twice is impossible: the drain
 * skips an order id already stored.
 */
export function toReplay(message: InboundMessage, deadLetterTopic: string): OutboundMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (!DEAD_LETTER_HEADERS.includes(name)) headers[name] = value;
  }
  headers['x-replayed-from'] = `${deadLetterTopic}[${message.partition}]@${message.offset}`;
  return { key: message.key?.toString('utf8') ?? null, value: message.value ?? Buffer.alloc(0), headers };
}

function orderIdOf(value: Buffer | null): string | null {
  try {
    const parsed = JSON.parse(value?.toString('utf8') ?? '') as unknown;
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as { orderId?: unknown }).orderId : undefined;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
