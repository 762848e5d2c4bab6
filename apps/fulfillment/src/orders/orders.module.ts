import { Module } from '@nestjs/common';
import { DrainModule } from '../drain/drain.module';
import { OrderWriter } from './order-writer.service';
import { OrdersConsumer } from './orders.consumer';

@Module({
  imports: [DrainModule],
  controllers: [OrdersConsumer],
  providers: [OrderWriter],
})
export class OrdersModule {}
