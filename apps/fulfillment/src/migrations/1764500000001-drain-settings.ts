import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rest of the group's drain settings beside its ceiling: concurrency and
 * batch size (NULL until an instance seeds them from its configuration), the
 * off-peak schedule (JSON), and whether a manual ceiling overrides it. And one
 * status row per running instance, so any instance can answer for the group.
 */
export class DrainSettings1764500000001 implements MigrationInterface {
  name = 'DrainSettings1764500000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE drain_control
        ADD COLUMN partitions_concurrency INT UNSIGNED NULL,
        ADD COLUMN batch_size INT UNSIGNED NULL,
        ADD COLUMN schedule TEXT NULL,
        ADD COLUMN rate_override TINYINT(1) NOT NULL DEFAULT 0`);
    await db.query(`
      CREATE TABLE drain_members (
        group_id VARCHAR(255) NOT NULL,
        member_id CHAR(36) NOT NULL,
        host VARCHAR(255) NOT NULL,
        status TEXT NOT NULL,
        heartbeat_at DATETIME(3) NOT NULL,
        PRIMARY KEY (group_id, member_id)
      ) ENGINE=InnoDB`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE drain_members');
    await db.query(`
      ALTER TABLE drain_control
        DROP COLUMN partitions_concurrency,
        DROP COLUMN batch_size,
        DROP COLUMN schedule,
        DROP COLUMN rate_override`);
  }
}
