import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { encodeOrderOutcome, parseOrderOutcome, type OrderOutcomeEvent } from '@surge/contracts';
import { DataSource } from 'typeorm';

/**
 * Where a notification stands: pending (tried fewer than the maximum times),
 * sent, dropped for good (an endpoint that is gone) or failed (tried the
 * maximum times, dead-lettered; a replay or ops re-open it).
 */
export type NotificationStatus = 'pending' | 'sent' | 'dropped' | 'failed';

export interface NotificationRow {
  orderId: string;
  channel: string;
  eventId: string;
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

interface StoredRow {
  order_id: string;
  channel: string;
  event_id: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const COLUMNS = 'order_id, channel, event_id, status, attempts, last_error, created_at, sent_at';
const MAX_ERROR = 1000;

/** The notifications table: one row per (order, channel), with its status, attempts, last error and the outcome. */
@Injectable()
export class NotificationLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates the row on first sight, keeping the outcome for a re-send; returns it as it stands. */
  async open(event: OrderOutcomeEvent, channel: string): Promise<NotificationRow> {
    await this.dataSource.query(
      "INSERT IGNORE INTO notifications (order_id, channel, event_id, status, outcome) VALUES (?, ?, ?, 'pending', ?)",
      [event.orderId, channel, event.eventId, encodeOrderOutcome(event)],
    );
    const row = await this.find(event.orderId, channel);
    if (!row) throw new Error(`notification ${event.orderId}/${channel} vanished after its insert`);
    return row;
  }

  async find(orderId: string, channel: string): Promise<NotificationRow | null> {
    const rows = await this.dataSource.query<StoredRow[]>(
      `SELECT ${COLUMNS} FROM notifications WHERE order_id = ? AND channel = ?`,
      [orderId, channel],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Every channel's row of one order. */
  async ofOrder(orderId: string): Promise<NotificationRow[]> {
    const rows = await this.dataSource.query<StoredRow[]>(
      `SELECT ${COLUMNS} FROM notifications WHERE order_id = ? ORDER BY channel`,
      [orderId],
    );
    return rows.map(toRow);
  }

  /** The outcome the row was opened with; null for rows older than the column (or none at all). */
  async outcome(orderId: string, channel: string): Promise<OrderOutcomeEvent | null> {
    const rows = await this.dataSource.query<{ outcome: string | null }[]>(
      'SELECT outcome FROM notifications WHERE order_id = ? AND channel = ?',
      [orderId, channel],
    );
    const stored = rows[0]?.outcome;
    return stored ? parseOrderOutcome(Buffer.from(stored, 'utf8')) : null;
  }

  async recordSent(event: OrderOutcomeEvent, channel: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET status = 'sent', attempts = attempts + 1, last_error = NULL, sent_at = CURRENT_TIMESTAMP(3)
       WHERE order_id = ? AND channel = ?`,
      [event.orderId, channel],
    );
  }

  async recordDropped(event: OrderOutcomeEvent, channel: string, reason: string): Promise<void> {
    await this.dataSource.query(
      "UPDATE notifications SET status = 'dropped', attempts = attempts + 1, last_error = ? WHERE order_id = ? AND channel = ?",
      [reason.slice(0, MAX_ERROR), event.orderId, channel],
    );
  }

  /**
   * Counts a failed try; the try that reaches maxAttempts marks the row
   * failed. Returns the row after. (status is assigned before attempts:
   * MySQL and MariaDB assign left to right, so it reads the old count.)
   */
  async recordFailure(
    event: OrderOutcomeEvent,
    channel: string,
    error: Error,
    maxAttempts: number,
  ): Promise<NotificationRow> {
    await this.dataSource.query(
      `UPDATE notifications SET status = IF(attempts + 1 >= ?, 'failed', status), attempts = attempts + 1, last_error = ?
       WHERE order_id = ? AND channel = ?`,
      [maxAttempts, error.message.slice(0, MAX_ERROR), event.orderId, channel],
    );
    const row = await this.find(event.orderId, channel);
    if (!row) throw new Error(`notification ${event.orderId}/${channel} vanished`);
    return row;
  }

  /**
   * Makes a notification due again with a fresh count of tries: `failed` only
   * for a replayed dead letter (a replay of one already sent changes
   * nothing), any status for ops asking for a re-send.
   */
  async reopen(orderId: string, channel: string, from: 'failed' | 'any'): Promise<boolean> {
    const result = await this.dataSource.query<{ affectedRows: number }>(
      `UPDATE notifications SET status = 'pending', attempts = 0, last_error = NULL, sent_at = NULL
       WHERE order_id = ? AND channel = ? ${from === 'failed' ? "AND status = 'failed'" : ''}`,
      [orderId, channel],
    );
    return result.affectedRows > 0;
  }
}

function toRow(row: StoredRow): NotificationRow {
  return {
    orderId: row.order_id,
    channel: row.channel,
    eventId: row.event_id,
    status: row.status,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
  };
}
