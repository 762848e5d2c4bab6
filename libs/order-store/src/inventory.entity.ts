import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'inventory' })
export class Inventory {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku!: string;

  /** Units still to sell; the drain never takes it below zero. */
  @Column({ type: 'int', unsigned: true })
  available!: number;

  @Column({ name: 'price_cents', type: 'int', unsigned: true })
  priceCents!: number;

  /**
   * Raised by every write to the row, the drain's included: the ETag a
   * conditional PUT must match. A string because it is a BIGINT.
   */
  @Column({ type: 'bigint', unsigned: true })
  version!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
