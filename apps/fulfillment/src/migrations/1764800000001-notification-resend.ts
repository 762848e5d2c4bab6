import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the notifier needs to act after the stream has moved on: each
 * notification keeps the outcome it tells (so ops can re-send one channel
 * through the admin API without the event), and a webhook endpoint that
 * answered 410 Gone stays disabled across restarts and instances until ops
 * enable it again. The endpoint is keyed by the SHA-256 of its URL: a URL may
 * be longer than an InnoDB key allows.
 */
export class NotificationResend1764800000001 implements MigrationInterface {
  name = 'NotificationResend1764800000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE notifications ADD COLUMN outcome MEDIUMTEXT NULL');
    await db.query(`
      CREATE TABLE webhook_endpoints (
        url_sha256 CHAR(64) NOT NULL,
        url VARCHAR(2048) NOT NULL,
        disabled_at DATETIME(3) NULL,
        reason VARCHAR(1000) NULL,
        PRIMARY KEY (url_sha256)
      ) ENGINE=InnoDB`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE webhook_endpoints');
    await db.query('ALTER TABLE notifications DROP COLUMN outcome');
  }
}
