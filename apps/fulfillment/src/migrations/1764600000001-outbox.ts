import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: each stored order's outcome event, written in the
 * same transaction as the order, until the relay has published it to the
 * outcomes topic and deleted it. seq keeps the relay's claims in write order
 * and new rows at the end of the index.
 */
export class Outbox1764600000001 implements MigrationInterface {
  name = 'Outbox1764600000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox (
        seq BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        event_id CHAR(36) NOT NULL,
        order_id CHAR(36) NOT NULL,
        payload MEDIUMTEXT NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (seq),
        UNIQUE KEY outbox_event (event_id)
      ) ENGINE=InnoDB`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE outbox');
  }
}
