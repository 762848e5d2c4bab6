import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrderOutcomeEvent } from '@surge/contracts';
import { DataSource } from 'typeorm';

/** The notifications table: one row per (order, channel), with its status, attempts and last error. */
@Injectable()
export class NotificationLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates the row on first sight; says whether it was already settled (sent, or dropped for good). */
  async alreadySettled(event: OrderOutcomeEvent, channel: string): Promise<boolean> {
    await this.dataSource.query(
      "INSERT IGNORE INTO notifications (order_id, channel, event_id, status) VALUES (?, ?, ?, 'pending')",
      [event.orderId, channel, event.eventId],
    );
    const rows = await this.dataSource.query<{ status: string }[]>(
      'SELECT status FROM notifications WHERE order_id = ? AND channel = ?',
      [event.orderId, channel],
    );
    return rows[0]?.status === 'sent' || rows[0]?.status === 'dropped';
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
      [reason.slice(0, 1000), event.orderId, channel],
    );
  }

  async recordFailure(event: OrderOutcomeEvent, channel: string, error: Error): Promise<void> {
    await this.dataSource.query(
      'UPDATE notifications SET attempts = attempts + 1, last_error = ? WHERE order_id = ? AND channel = ?',
      [error.message.slice(0, 1000), event.orderId, channel],
    );
  }
}
