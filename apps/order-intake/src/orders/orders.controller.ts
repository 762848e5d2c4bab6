import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CreateOrderDto } from './dto/create-order.dto';
import { OrdersService, type QueuedOrder, type StoredOrderView } from './orders.service';

@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /** 202: the order is durably in Kafka; it reaches MySQL when fulfillment drains it. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  place(@Body() dto: CreateOrderDto, @Headers('idempotency-key') idempotencyKey?: string): Promise<QueuedOrder> {
    return this.orders.place(dto, idempotencyKey);
  }

  @Get(':id')
  find(@Param('id', new ParseUUIDPipe({ version: undefined })) id: string): Promise<StoredOrderView> {
    return this.orders.find(id);
  }
}
