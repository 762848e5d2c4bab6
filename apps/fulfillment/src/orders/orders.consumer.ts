import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InvalidOrderEventError, parseOrderEvent, type OrderPlacedEvent } from '@surge/contracts';
import type { BatchOutcome, DeadLetter, InboundMessage } from '@surge/kafka';
import { DrainMetrics } from '../metrics/drain-metrics';
import { OrderWriter } from './order-writer.service';

/** Pattern the transport routes the orders topic to (see ORDERS_TOPIC config). */
export const ORDER_EVENTS = 'order-events';

@Controller()
export class OrdersConsumer {
  private readonly logger = new Logger(OrdersConsumer.name);

  constructor(
    private readonly writer: OrderWriter,
    private readonly metrics: DrainMetrics,
  ) {}

  /**
   * Parses the batch, parks what can never be an order, stores the rest in one
   * transaction. A database error propagates: the transport retries the whole
   * batch and commits nothing until this resolves.
   */
  @MessagePattern(ORDER_EVENTS)
  async drain(@Payload() messages: InboundMessage[]): Promise<BatchOutcome> {
    const orders: OrderPlacedEvent[] = [];
    const deadLetters: DeadLetter[] = [];
    for (const message of messages) {
      try {
        orders.push(parseOrderEvent(message.value));
      } catch (error) {
        if (!(error instanceof InvalidOrderEventError)) throw error;
        deadLetters.push({ message, reason: error.message });
      }
    }
    const summary = await this.writer.write(orders);
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
    return { deadLetters };
  }
}
