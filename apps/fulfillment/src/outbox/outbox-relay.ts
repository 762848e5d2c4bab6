import { Logger } from '@nestjs/common';
import { EVENT_ID_HEADER, TRACEPARENT_HEADER } from '@surge/contracts';
import type { OutboundMessage } from '@surge/kafka';
import { backoffDelay, type BackoffOptions } from '@surge/pacing';
import type { DataSource } from 'typeorm';

/** Where claimed outbox rows go; resolves once the broker acknowledged every message. */
export interface OutcomePublisher {
  publish(messages: OutboundMessage[]): Promise<void>;
}

export interface OutboxRelayOptions {
  /** Rows one pass claims at most. */
  batchSize: number;
  /** Wait before the next pass when the last one found fewer rows than batchSize. */
  pollMs: number;
  retry: BackoffOptions;
  /** After each pass that published something. */
  onRelayed?: (events: number) => void;
}

interface OutboxRow {
  event_id: string;
  order_id: string;
  payload: string;
  traceparent: string | null;
}

/**
 * Publishes the outbox to the outcomes topic: claim the oldest rows no other
 * relay holds, publish them, delete them, commit. The claim and the delete are
 * one transaction, so a relay that dies before its commit (after publishing or
 * not) releases its rows to the next pass: an event is delayed or published
 * again, never lost. Consumers drop the repeats by the event-id header.
 *
 * Several fulfillment instances run a relay each: `FOR UPDATE SKIP LOCKED`
 * (MariaDB 10.6+, MySQL 8) lets each claim rows the others do not hold, so in
 * the normal case every event is published once. READ COMMITTED keeps the
 * claim to the rows it returns: under REPEATABLE READ a scan that reaches the
 * end of the table would lock the gap where the drain inserts new rows.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: OutcomePublisher,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  /** Finishes the pass in hand (its commit included) and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  /** One pass; returns how many events it published. */
  relayOnce(): Promise<number> {
    return this.dataSource.transaction('READ COMMITTED', async (db) => {
      const rows = await db.query<OutboxRow[]>(
        'SELECT event_id, order_id, payload, traceparent FROM outbox ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED',
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      await this.publisher.publish(
        rows.map((row) => ({
          key: row.order_id,
          value: Buffer.from(row.payload, 'utf8'),
          headers: {
            [EVENT_ID_HEADER]: row.event_id,
            ...(row.traceparent === null ? {} : { [TRACEPARENT_HEADER]: row.traceparent }),
          },
        })),
      );
      // The index is forced: for a short list the optimizer prefers a table
      // scan, and a DELETE that scans locks (and waits on) the rows another
      // relay holds, which defeats SKIP LOCKED. The multi-table form is the
      // one that takes an index hint on both MariaDB and MySQL.
      await db.query('DELETE o FROM outbox o FORCE INDEX (outbox_event) WHERE o.event_id IN (?)', [
        rows.map((row) => row.event_id),
      ]);
      return rows.length;
    });
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let wait: number;
      try {
        const relayed = await this.relayOnce();
        if (relayed > 0) this.options.onRelayed?.(relayed);
        failures = 0;
        wait = relayed < this.options.batchSize ? this.options.pollMs : 0;
      } catch (error) {
        wait = backoffDelay(failures++, this.options.retry);
        this.logger.warn(`outbox relay pass failed, retrying in ${wait} ms: ${(error as Error).message}`);
      }
      if (wait > 0 && !this.stopping) await this.pause(wait);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
