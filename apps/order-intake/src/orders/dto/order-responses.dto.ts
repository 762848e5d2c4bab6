import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, QUEUED, REJECT_REASONS, type OrderStatus } from '@surge/contracts';
import type { QueuedOrder, StoredOrderView } from '../orders.service';

// Shapes for the OpenAPI document; the service returns plain objects of these types.

export class QueuedOrderDto implements QueuedOrder {
  @ApiProperty({ format: 'uuid', description: 'UUIDv7, or UUIDv8 derived from customer + Idempotency-Key' })
  orderId!: string;

  @ApiProperty({ enum: [QUEUED] })
  status!: typeof QUEUED;
}

export class StoredOrderLineDto {
  @ApiProperty()
  sku!: string;

  @ApiProperty({ type: 'integer' })
  quantity!: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null when the SKU is unknown' })
  unitPriceCents!: number | null;
}

export class StoredOrderDto implements StoredOrderView {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty()
  customerId!: string;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ enum: ORDER_STATUSES })
  status!: OrderStatus;

  @ApiPropertyOptional({ enum: REJECT_REASONS, nullable: true, type: String })
  rejectReason!: string | null;

  @ApiProperty({ type: 'integer' })
  totalCents!: number;

  @ApiProperty({ format: 'date-time' })
  placedAt!: string;

  @ApiProperty({ format: 'date-time' })
  storedAt!: string;

  @ApiProperty({ type: [StoredOrderLineDto] })
  items!: StoredOrderLineDto[];

  @ApiProperty({
    type: 'integer',
    description:
      'Requests with another body that reused this order Idempotency-Key and reached fulfillment; they were kept aside, not stored as orders',
  })
  idempotencyConflicts!: number;
}

export class ErrorDto {
  @ApiProperty({ type: 'integer', example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description:
      'What is wrong; for invalid bodies one message per problem, at most the first 20 and then a line counting the rest',
  })
  message!: string | string[];
}

/** RFC 9457 problem details (application/problem+json). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:surge:problem:idempotency-key-reused' })
  type!: string;

  @ApiProperty({ example: 'Idempotency-Key is already used' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 422 })
  status!: number;

  @ApiProperty()
  detail!: string;

  @ApiProperty({ format: 'uuid', description: 'The order the key already stands for' })
  orderId!: string;
}
