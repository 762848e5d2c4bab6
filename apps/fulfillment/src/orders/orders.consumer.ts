import { Controller, Logger, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InvalidOrderEventError, parseOrderEvent, type OrderPlacedEvent } from '@surge/contracts';
import { BatchHandlerErrorsFilter, type BatchOutcome, type DeadLetter, type InboundMessage } from '@surge/kafka';
import { DrainMetrics } from '../metrics/drain-metrics';
import { classifyDatabaseError, describeDatabaseError } from './database-errors';
import { OrderWriter, type WriteSummary } from './order-writer.service';
import { isolateRefusals } from './refusal-isolation';

/** Pattern the transport routes the orders topic to (see ORDERS_TOPIC config). */
export const ORDER_EVENTS = 'order-events';

interface ParsedOrder {
  message: InboundMessage;
  event: OrderPlacedEvent;
}

@Controller()
@UseFilters(BatchHandlerErrorsFilter)
export class OrdersConsumer {
  private readonly logger = new Logger(OrdersConsumer.name);

  constructor(
    private readonly writer: OrderWriter,
    private readonly metrics: DrainMetrics,
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
        orders.push({ message, event: parseOrderEvent(message.value) });
      } catch (error) {
        if (!(error instanceof InvalidOrderEventError)) throw error;
        deadLetters.push({ message, reason: error.message });
      }
    }
    const { written, refused } = await isolateRefusals(
      orders,
      (some) => this.writer.write(some.map((o) => o.event)),
      (error) => classifyDatabaseError(error) === 'deterministic',
    );
    for (const { item, error } of refused) {
      const reason = describeDatabaseError(error);
      const { topic, partition, offset } = item.message;
      this.logger.warn(`${topic}[${partition}] offset ${offset} order ${item.event.orderId}: ${reason}`);
      deadLetters.push({ message: item.message, reason });
    }
    const summary = written.reduce<WriteSummary>(
      (sum, s) => ({
        fulfilled: sum.fulfilled + s.fulfilled,
        rejected: sum.rejected + s.rejected,
        duplicates: sum.duplicates + s.duplicates,
        conflicts: [...sum.conflicts, ...s.conflicts],
        queuedMs: sum.queuedMs + s.queuedMs,
      }),
      { fulfilled: 0, rejected: 0, duplicates: 0, conflicts: [], queuedMs: 0 },
    );
    this.metrics.onWritten(summary);
    for (const { event, keptFingerprint } of summary.conflicts) {
      this.logger.warn(
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
}
