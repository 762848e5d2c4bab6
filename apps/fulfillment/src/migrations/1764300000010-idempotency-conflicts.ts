import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fingerprint of the request an Idempotency-Key was first used for, and
 * the orders that reused a stored order's key with another body: they are
 * kept whole (the event as received) so none is dropped without a trace.
 * One row per distinct body, so a redelivery records nothing new.
 */
export class IdempotencyConflicts1764300000010 implements MigrationInterface {
  name = 'IdempotencyConflicts1764300000010';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE orders ADD COLUMN request_fingerprint VARCHAR(64) NULL');
    await db.query(`
      CREATE TABLE idempotency_conflicts (
        order_id CHAR(36) NOT NULL,
        request_fingerprint VARCHAR(64) NOT NULL,
        event TEXT NOT NULL,
        detected_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (order_id, request_fingerprint),
        CONSTRAINT idempotency_conflicts_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
      ) ENGINE=InnoDB`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE idempotency_conflicts');
    await db.query('ALTER TABLE orders DROP COLUMN request_fingerprint');
  }
}
