import { Module } from '@nestjs/common';
import { OrderWriter } from './order-writer.service';
import { OrdersConsumer } from './orders.consumer';

@Module({
  controllers: [OrdersConsumer],
  providers: [OrderWriter],
})
export class OrdersModule {}
