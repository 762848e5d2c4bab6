import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import type { OrderStatus, RejectReason } from '@surge/contracts';
import { OrderItem } from './order-item.entity';

@Entity({ name: 'orders' })
export class Order {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 64 })
  customerId!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: OrderStatus;

  @Column({ name: 'reject_reason', type: 'varchar', length: 32, nullable: true })
  rejectReason!: RejectReason | null;

  /** Sum of quantity x unit price; 0 for a rejected order. */
  @Column({
    name: 'total_cents',
    type: 'bigint',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  totalCents!: number;

  @Column({ name: 'placed_at', type: 'datetime', precision: 3 })
  placedAt!: Date;

  /** Fingerprint of the request its Idempotency-Key was first used for; null without a key. */
  @Column({ name: 'request_fingerprint', type: 'varchar', length: 64, nullable: true })
  requestFingerprint!: string | null;

  @CreateDateColumn({ name: 'stored_at', type: 'datetime', precision: 3 })
  storedAt!: Date;

  @OneToMany(() => OrderItem, (item) => item.order)
  items!: OrderItem[];
}
