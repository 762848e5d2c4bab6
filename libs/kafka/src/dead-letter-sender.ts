import type { Logger } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { backoffDelay, type BackoffOptions } from '@surge/pacing';
import type { DeadLetter } from './inbound-message';

/** A partition held because its dead letters cannot be written. */
export interface DeadLetterBlock {
  /** The source partition, which drains no further until the write succeeds. */
  topic: string;
  partition: number;
  /** Source offset of the first dead letter not written. */
  offset: string;
  /** The last error of the dead-letter topic's broker. */
  reason: string;
  attempts: number;
  /** When the partition was reported blocked. */
  since: string;
}

export interface DeadLetterSenderOptions {
  topic: string;
  retry: BackoffOptions;
  /** Failed writes after which the partition is reported blocked (it keeps retrying). */
  attemptsBeforeBlocked: number;
}

/**
 * Writes a batch's dead letters to the dead-letter topic, and never gives them
 * up: the batch's offsets are committed only after this returns true, so a
 * dead letter that cannot be written (topic missing, message too large for it,
 * broker refusing) holds its partition. After `attemptsBeforeBlocked` failed
 * writes the partition is reported (blocks(), an error log naming the
 * partition, the offset and the reason) so the hold is never silent; the
 * report clears when a write succeeds.
 */
export class DeadLetterSender {
  private readonly blocked = new Map<string, DeadLetterBlock>();

  constructor(
    private readonly producer: Pick<Producer, 'send'>,
    private readonly options: DeadLetterSenderOptions,
    private readonly logger: Pick<Logger, 'warn' | 'error' | 'log'>,
  ) {}

  /** Partitions held right now, for readiness and metrics. */
  blocks(): DeadLetterBlock[] {
    return [...this.blocked.values()];
  }

  /**
   * Resolves true once the broker acknowledged every dead letter, false when
   * `wait` says to stop (shutdown or rebalance: nothing is committed, and the
   * batch is handled again by the partition's next owner).
   */
  async send(
    deadLetters: DeadLetter[],
    source: { topic: string; partition: number },
    wait: (ms: number) => Promise<boolean>,
  ): Promise<boolean> {
    if (deadLetters.length === 0) return true;
    const key = `${source.topic}:${source.partition}`;
    const offset = deadLetters[0].message.offset;
    const where = `${source.topic}[${source.partition}] offset ${offset}`;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.producer.send({
          topic: this.options.topic,
          acks: -1,
          messages: deadLetters.map(({ message, reason }) => ({
            key: message.key,
            value: message.value,
            headers: {
              ...message.headers,
              'x-error': reason,
              'x-source-topic': message.topic,
              'x-source-partition': String(message.partition),
              'x-source-offset': message.offset,
            },
          })),
        });
        if (this.blocked.delete(key)) {
          this.logger.log(`${where}: dead letters written to ${this.options.topic} after ${attempt} attempts`);
        }
        this.logger.warn(`sent ${deadLetters.length} message(s) to ${this.options.topic}`);
        return true;
      } catch (error) {
        const reason = describe(error);
        const block = this.blocked.get(key);
        if (block) {
          block.attempts = attempt;
          block.reason = reason;
        } else if (attempt >= this.options.attemptsBeforeBlocked) {
          this.blocked.set(key, { ...source, offset, reason, attempts: attempt, since: new Date().toISOString() });
          this.logger.error(
            `${where}: ${deadLetters.length} dead letter(s) cannot be written to ${this.options.topic} ` +
              `after ${attempt} attempts (${reason}); the partition is held until the write succeeds`,
          );
        } else {
          this.logger.warn(`${where}: writing to ${this.options.topic} failed (attempt ${attempt}): ${reason}`);
        }
        if (!(await wait(backoffDelay(attempt - 1, this.options.retry)))) {
          // No longer this instance's partition (or shutting down): its next owner reports for itself.
          this.blocked.delete(key);
          return false;
        }
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
