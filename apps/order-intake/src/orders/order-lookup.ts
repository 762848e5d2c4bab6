import { Catch, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IdempotencyConflict, Order } from '@surge/order-store';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { answerUnavailable } from '../errors/unavailable-answer';

/** MySQL could not answer a read: the caller answers 503, never 500 or a wrong 404. */
export class OrderStoreUnavailableError extends Error {
  override readonly name = 'OrderStoreUnavailableError';
}

/**
 * Reads stored orders back for GET /orders/:id. Intake's job is taking orders
 * into Kafka, so MySQL must not stand in its way (issue 10): the data source
 * is created unconnected and connects on the first read, again after every
 * failed attempt, so intake boots, turns ready and takes orders while the
 * database is down, and reads recover by themselves once it is back.
 */
@Injectable()
export class OrderLookup {
  private readonly logger = new Logger(OrderLookup.name);
  private connecting: Promise<void> | null = null;
  /** Logged once per outage, not once per read: storefronts poll harder while MySQL is down. */
  private unreachable = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The stored order and how many other bodies reused its Idempotency-Key; null when not stored. */
  async find(orderId: string): Promise<{ order: Order; idempotencyConflicts: number } | null> {
    await this.connected();
    try {
      const order = await this.dataSource
        .getRepository(Order)
        .findOne({ where: { id: orderId }, relations: { items: true } });
      const found = order
        ? { order, idempotencyConflicts: await this.dataSource.getRepository(IdempotencyConflict).countBy({ orderId }) }
        : null;
      this.reachable();
      return found;
    } catch (error) {
      throw this.unavailable('reading an order', error);
    }
  }

  private connected(): Promise<void> {
    if (this.dataSource.isInitialized) return Promise.resolve();
    // Concurrent reads share one attempt; a failed one is forgotten so the next read tries again.
    this.connecting ??= this.dataSource.initialize().then(
      () => {
        this.connecting = null;
      },
      (error: unknown) => {
        this.connecting = null;
        throw this.unavailable('connecting', error);
      },
    );
    return this.connecting;
  }

  private reachable(): void {
    if (!this.unreachable) return;
    this.unreachable = false;
    this.logger.log('MySQL reachable again: GET /orders/:id answers from it');
  }

  private unavailable(what: string, error: unknown): OrderStoreUnavailableError {
    const message = error instanceof Error ? error.message : String(error);
    if (!this.unreachable) {
      this.unreachable = true;
      this.logger.warn(`MySQL unreachable ${what} (GET /orders/:id answers 503 until it is back): ${message}`);
    }
    return new OrderStoreUnavailableError(`order store unavailable: ${message}`);
  }
}

/** GET /orders/:id while MySQL is down: 503 with Retry-After. */
@Catch(OrderStoreUnavailableError)
export class OrderStoreErrorsFilter implements ExceptionFilter {
  constructor(private readonly retryAfterSeconds: number) {}

  catch(_error: OrderStoreUnavailableError, host: ArgumentsHost): void {
    answerUnavailable(
      host.switchToHttp().getResponse<FastifyReply>(),
      this.retryAfterSeconds,
      'order store unavailable, retry later',
    );
  }
}
