import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group-wide drain settings ops change at run time (every instance polls its
 * group's row), and an index to measure the drain rate from stored_at.
 */
export class DrainControl1764160000000 implements MigrationInterface {
  name = 'DrainControl1764160000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE drain_control (
        group_id VARCHAR(255) NOT NULL PRIMARY KEY,
        rate_per_second INT UNSIGNED NOT NULL,
        paused TINYINT(1) NOT NULL DEFAULT 0,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
      ) ENGINE=InnoDB`);
    await db.query('CREATE INDEX orders_stored_at ON orders (stored_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX orders_stored_at ON orders');
    await db.query('DROP TABLE drain_control');
  }
}
