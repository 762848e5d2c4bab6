import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the notifier sent for each order, per channel: a redelivered outcome
 * finds its row marked sent and sends nothing again. Kept in the orders
 * database, where fulfillment's migrations keep the one schema.
 */
export class Notifications1764600000002 implements MigrationInterface {
  name = 'Notifications1764600000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notifications (
        order_id CHAR(36) NOT NULL,
        channel VARCHAR(16) NOT NULL,
        event_id CHAR(36) NOT NULL,
        status VARCHAR(16) NOT NULL,
        attempts INT UNSIGNED NOT NULL DEFAULT 0,
        last_error VARCHAR(1000) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        sent_at DATETIME(3) NULL,
        PRIMARY KEY (order_id, channel)
      ) ENGINE=InnoDB`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE notifications');
  }
}
