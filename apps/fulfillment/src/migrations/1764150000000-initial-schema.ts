import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764150000000 implements MigrationInterface {
  name = 'InitialSchema1764150000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE inventory (
        sku VARCHAR(64) NOT NULL PRIMARY KEY,
        available INT UNSIGNED NOT NULL,
        price_cents INT UNSIGNED NOT NULL,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
      ) ENGINE=InnoDB`);
    await db.query(`
      CREATE TABLE orders (
        id CHAR(36) NOT NULL PRIMARY KEY,
        customer_id VARCHAR(64) NOT NULL,
        currency CHAR(3) NOT NULL,
        status VARCHAR(16) NOT NULL,
        reject_reason VARCHAR(32) NULL,
        total_cents BIGINT NOT NULL,
        placed_at DATETIME(3) NOT NULL,
        stored_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        KEY orders_customer (customer_id),
        CONSTRAINT orders_status CHECK (status IN ('fulfilled', 'rejected'))
      ) ENGINE=InnoDB`);
    await db.query(`
      CREATE TABLE order_items (
        order_id CHAR(36) NOT NULL,
        line_no SMALLINT UNSIGNED NOT NULL,
        sku VARCHAR(64) NOT NULL,
        quantity INT UNSIGNED NOT NULL,
        unit_price_cents INT UNSIGNED NULL,
        PRIMARY KEY (order_id, line_no),
        KEY order_items_sku (sku),
        CONSTRAINT order_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
      ) ENGINE=InnoDB`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE order_items');
    await db.query('DROP TABLE orders');
    await db.query('DROP TABLE inventory');
  }
}
