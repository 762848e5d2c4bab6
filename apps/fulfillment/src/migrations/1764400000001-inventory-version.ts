import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version per inventory row, raised by every write to it (the drain's stock
 * reservation included), so a conditional PUT can tell that stock changed
 * since it was read. BIGINT: a hot SKU is written by every batch that sells it.
 */
export class InventoryVersion1764400000001 implements MigrationInterface {
  name = 'InventoryVersion1764400000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE inventory ADD COLUMN version BIGINT UNSIGNED NOT NULL DEFAULT 1');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE inventory DROP COLUMN version');
  }
}
