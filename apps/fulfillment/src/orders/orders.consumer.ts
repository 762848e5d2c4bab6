import { Controller, Logger, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  childSpan,
  formatTraceparent,
  InvalidOrderEventError,
  newTrace,
  parseOrderEvent,
  parseTraceparent,
  TRACEPARENT_HEADER,
  type OrderPlacedEvent,
  type TraceContext,
} from '@surge/contracts';
import { BatchHandlerErrorsFilter, type BatchOutcome, type DeadLetter, type InboundMessage } from '@surge/kafka';
import { PinoLogger } from 'nestjs-pino';
import { DrainMetrics } from '../metrics/drain-metrics';
import { classifyDatabaseError, describeDatabaseError } from './database-errors';
import { OrderWriter, type WriteSummary } from './order-writer.service';
import { isolateRefusals } from './refusal-isolation';

/** Pattern the transport routes the orders topic to (see ORDERS_TOPIC config). */
export const ORDER_EVENTS = 'order-events';

interface ParsedOrder {
  message: InboundMessage;
  event: OrderPlacedEvent;
  /** Fulfillment's span in the order's trace (intake's continued, or a new one for an order sent without). */
  trace: TraceContext;
}

@Controller()
@UseFilters(BatchHandlerErrorsFilter)
export class OrdersConsumer {
  private readonly logger = new Logger(OrdersConsumer.name);

  constructor(
    private readonly writer: OrderWriter,
    private readonly metrics: DrainMetrics,
    private readonly pino: PinoLogger,
  ) {}

  /**
   * Parses the batch, parks what can never be an order, stores the rest in one
   * transaction. When the database refuses something in the data, the orders
   * it refuses are isolated and dead-lettered with its error and the rest are
   * stored. A transient database error propagates: the transport retries the
   * whole batch and commits nothing until this resolves.
   */
  @MessagePattern(ORDER_EVENTS)
  async drain(@Payload() messages: InboundMessage[]): Promise<BatchOutcome> {
    const orders: ParsedOrder[] = [];
    const deadLetters: DeadLetter[] = [];
    for (const message of messages) {
      try {
        const parent = parseTraceparent(message.headers[TRACEPARENT_HEADER]);
        orders.push({ message, event: parseOrderEvent(message.value), trace: parent ? childSpan(parent) : newTrace() });
      } catch (error) {
        if (!(error instanceof InvalidOrderEventError)) throw error;
        deadLetters.push({ message, reason: error.message });
      }
    }
    const { written, refused } = await isolateRefusals(
      orders,
      (some) =>
        this.writer.write(
          some.map((o) => o.event),
          new Map(some.map((o) => [o.event.orderId, formatTraceparent(o.trace)])),
        ),
      (error) => classifyDatabaseError(error) === 'deterministic',
    );
    for (const { item, error } of refused) {
      const reason = describeDatabaseError(error);
      const { topic, partition, offset } = item.message;
      this.pino.logger.warn(
        {
          orderId: item.event.orderId,
          traceId: item.trace.traceId,
          spanId: item.trace.spanId,
          topic,
          partition,
          offset,
        },
        `${topic}[${partition}] offset ${offset} order ${item.event.orderId}: ${reason}`,
      );
      deadLetters.push({ message: item.message, reason });
    }
    const summary = written.reduce<WriteSummary>(
      (sum, s) => ({
        fulfilled: sum.fulfilled + s.fulfilled,
        rejected: sum.rejected + s.rejected,
        duplicates: sum.duplicates + s.duplicates,
        conflicts: [...sum.conflicts, ...s.conflicts],
        stored: [...sum.stored, ...s.stored],
        queuedMs: sum.queuedMs + s.queuedMs,
      }),
      { fulfilled: 0, rejected: 0, duplicates: 0, conflicts: [], stored: [], queuedMs: 0 },
    );
    this.metrics.onWritten(summary);
    this.logStored(summary.stored, orders);
    for (const { event, keptFingerprint } of summary.conflicts) {
      this.pino.logger.warn(
        { orderId: event.orderId },
        `order ${event.orderId}: Idempotency-Key reused with another body (stored ${keptFingerprint}, ` +
          `this one ${event.requestFingerprint}); kept in idempotency_conflicts, not stored as an order`,
      );
    }
    this.logger.debug(
      `stored ${summary.fulfilled} fulfilled, ${summary.rejected} rejected, ` +
        `${summary.duplicates} redelivered, ${deadLetters.length} dead-lettered`,
    );
    return { deadLetters, queuedMs: summary.queuedMs };
  }

  /** The order.stored step, once per order: a redelivery stores nothing and logs nothing. */
  private logStored(stored: WriteSummary['stored'], orders: ParsedOrder[]): void {
    if (stored.length === 0) return;
    const byId = new Map(orders.map((o) => [o.event.orderId, o]));
    for (const { orderId, status, rejectReason } of stored) {
      const order = byId.get(orderId);
      this.pino.logger.info(
        {
          step: 'order.stored',
          orderId,
          traceId: order?.trace.traceId,
          spanId: order?.trace.spanId,
          outcome: status,
          ...(rejectReason === null ? {} : { reason: rejectReason }),
          topic: order?.message.topic,
          partition: order?.message.partition,
          offset: order?.message.offset,
        },
        `order ${status}`,
      );
    }
  }
}
