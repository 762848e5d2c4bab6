import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An order that reused a stored order's Idempotency-Key with another body, kept as received. */
@Entity({ name: 'idempotency_conflicts' })
export class IdempotencyConflict {
  @PrimaryColumn({ name: 'order_id', type: 'char', length: 36 })
  orderId!: string;

  @PrimaryColumn({ name: 'request_fingerprint', type: 'varchar', length: 64 })
  requestFingerprint!: string;

  /** The order event as fulfillment received it. */
  @Column({ type: 'text' })
  event!: string;

  @Column({ name: 'detected_at', type: 'datetime', precision: 3 })
  detectedAt!: Date;
}
