import { Body, Controller, Get, HttpCode, Inject, type OnModuleInit, Post } from '@nestjs/common';
import type { ClientKafka } from '@nestjs/microservices';
import { encodeOrderEvent, ORDER_EVENT_SCHEMA, ORDER_EVENT_VERSION, QUEUED } from '@surge/contracts';
import { randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { CreateOrderDto } from '../../../apps/order-intake/src/orders/dto/create-order.dto';

export const KAFKA_CLIENT = 'KAFKA_CLIENT';

/**
 * The design most NestJS tutorials show: one ClientKafka.emit() (one kafkajs
 * send, acks=all by default) per request, answered once it resolves. Same DTO
 * and validation as intake, so the comparison is about the produce path.
 */
@Controller()
export class OrdersController implements OnModuleInit {
  private produceRequests = 0;

  constructor(@Inject(KAFKA_CLIENT) private readonly client: ClientKafka) {}

  async onModuleInit(): Promise<void> {
    await this.client.connect();
    // Measurement only: count Produce requests from kafkajs's instrumentation events.
    const producer = this.client.producer;
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'Produce') this.produceRequests++;
    });
  }

  @Post('orders')
  @HttpCode(202)
  async place(@Body() dto: CreateOrderDto): Promise<{ orderId: string; status: string }> {
    const orderId = randomUUID();
    const value = encodeOrderEvent({
      schema: ORDER_EVENT_SCHEMA,
      version: ORDER_EVENT_VERSION,
      orderId,
      customerId: dto.customerId,
      currency: dto.currency,
      items: dto.items.map(({ sku, quantity }) => ({ sku, quantity })),
      placedAt: new Date().toISOString(),
    });
    await lastValueFrom(this.client.emit(process.env.ORDERS_TOPIC ?? 'orders', { key: dto.customerId, value }));
    return { orderId, status: QUEUED };
  }

  @Get('stats')
  stats(): { produceRequests: number } {
    return { produceRequests: this.produceRequests };
  }
}
