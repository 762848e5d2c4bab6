import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C traceparent of the order's trace, fulfillment's span as the parent:
 * the relay puts it on the outcome message, so the notifier continues the
 * trace the storefront (or intake) started. NULL for rows written before.
 */
export class OutboxTraceparent1764700000001 implements MigrationInterface {
  name = 'OutboxTraceparent1764700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE outbox ADD COLUMN traceparent VARCHAR(55) NULL');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE outbox DROP COLUMN traceparent');
  }
}
