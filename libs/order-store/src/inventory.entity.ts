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

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
