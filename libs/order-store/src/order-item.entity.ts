import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Order } from './order.entity';

@Entity({ name: 'order_items' })
export class OrderItem {
  @PrimaryColumn({ name: 'order_id', type: 'char', length: 36 })
  orderId!: string;

  @PrimaryColumn({ name: 'line_no', type: 'smallint', unsigned: true })
  lineNo!: number;

  @Column({ type: 'varchar', length: 64 })
  sku!: string;

  @Column({ type: 'int', unsigned: true })
  quantity!: number;

  /** Price at the time the order was drained; null when the SKU is unknown. */
  @Column({ name: 'unit_price_cents', type: 'int', unsigned: true, nullable: true })
  unitPriceCents!: number | null;

  // A string target avoids a runtime import cycle between the two entity files.
  @ManyToOne('Order', 'items', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;
}
