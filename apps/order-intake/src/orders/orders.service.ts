import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import {
  childSpan,
  IDEMPOTENCY_KEY_PATTERN,
  newTrace,
  parseTraceparent,
  keyedOrderId,
  newOrderId,
  ORDER_EVENT_SCHEMA,
  ORDER_EVENT_VERSION,
  QUEUED,
  type OrderPlacedEvent,
  type Contact,
  type OrderStatus,
} from '@surge/contracts';
import type { ContactDto, CreateOrderDto } from './dto/create-order.dto';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.filter';
import { IdempotencyWindow } from './idempotency-window';
import { OrderLookup } from './order-lookup';
import { OrderPublisher } from './order-publisher';
import { requestFingerprint } from './request-fingerprint';

export interface QueuedOrder {
  orderId: string;
  status: typeof QUEUED;
}

export interface StoredOrderView {
  orderId: string;
  customerId: string;
  currency: string;
  status: OrderStatus;
  rejectReason: string | null;
  totalCents: number;
  placedAt: string;
  storedAt: string;
  items: Array<{ sku: string; quantity: number; unitPriceCents: number | null }>;
  /** Orders fulfillment found reusing this order's Idempotency-Key with another body. */
  idempotencyConflicts: number;
}

/** The contact's parts that were sent, as the event carries them. */
function shopperContact({ email, phone }: ContactDto): Contact {
  return { ...(email === undefined ? {} : { email }), ...(phone === undefined ? {} : { phone }) };
}

/** The event a valid order becomes (intake's warm-up builds one too, and never sends it). */
export function orderPlacedEvent(
  dto: CreateOrderDto,
  orderId: string,
  fingerprint: string | undefined,
): OrderPlacedEvent {
  const event: OrderPlacedEvent = {
    schema: ORDER_EVENT_SCHEMA,
    version: ORDER_EVENT_VERSION,
    orderId,
    customerId: dto.customerId,
    currency: dto.currency,
    items: dto.items.map(({ sku, quantity }) => ({ sku, quantity })),
    placedAt: new Date().toISOString(),
  };
  // Assigned rather than spread: no throw-away objects on every order.
  if (fingerprint) event.requestFingerprint = fingerprint;
  if (dto.contact) event.contact = shopperContact(dto.contact);
  return event;
}

@Injectable()
export class OrdersService {
  constructor(
    private readonly publisher: OrderPublisher,
    private readonly lookup: OrderLookup,
    private readonly idempotencyWindow: IdempotencyWindow,
    private readonly logger: PinoLogger,
  ) {}

  /**
   * `traceparent`: the storefront's W3C header; the order continues its trace
   * (an invalid one is ignored, as the spec says, and the order starts a new one).
   */
  async place(dto: CreateOrderDto, idempotencyKey: string | undefined, traceparent?: string): Promise<QueuedOrder> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new BadRequestException('Idempotency-Key header must be 8-128 characters of letters, digits or _.:-');
    }
    const orderId = idempotencyKey ? keyedOrderId(dto.customerId, idempotencyKey) : newOrderId();
    const fingerprint = idempotencyKey ? requestFingerprint(dto) : undefined;
    // Bound on first arrival, accepted or not: a 503 after a timeout may still
    // have reached Kafka, so the key already stands for that body.
    if (fingerprint && this.idempotencyWindow.bind(orderId, fingerprint) === 'conflict') {
      throw new IdempotencyKeyReusedError(orderId);
    }
    const parent = parseTraceparent(traceparent);
    const trace = parent ? childSpan(parent) : newTrace();
    const event = orderPlacedEvent(dto, orderId, fingerprint);
    const { partition, offset } = await this.publisher.publish(event, trace);
    // One line per order, once the broker holds it, for both steps: at ~8k
    // orders/s a second line would double intake's log volume. acceptedAt is
    // when intake validated it (order.accepted); the line's time is the ack.
    // Straight to the app's pino logger: no child logger, no context object.
    this.logger.logger.info(
      {
        step: 'order.produced',
        orderId,
        traceId: trace.traceId,
        spanId: trace.spanId,
        acceptedAt: event.placedAt,
        topic: this.publisher.topic,
        partition,
        offset,
      },
      'order accepted and produced',
    );
    return { orderId, status: QUEUED };
  }

  async find(orderId: string): Promise<StoredOrderView> {
    const found = await this.lookup.find(orderId);
    if (!found) {
      throw new NotFoundException(`order ${orderId} is not stored (yet): it may still be queued in Kafka`);
    }
    const { order, idempotencyConflicts } = found;
    return {
      orderId: order.id,
      customerId: order.customerId,
      currency: order.currency,
      status: order.status,
      rejectReason: order.rejectReason,
      totalCents: order.totalCents,
      placedAt: order.placedAt.toISOString(),
      storedAt: order.storedAt.toISOString(),
      items: order.items
        .sort((a, b) => a.lineNo - b.lineNo)
        .map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
      idempotencyConflicts,
    };
  }
}
