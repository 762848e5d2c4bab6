import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Order } from '@surge/order-store';
import { IntakeMetrics } from '../metrics/intake-metrics';
import { OrderPublisher } from './order-publisher';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [TypeOrmModule.forFeature([Order])],
  controllers: [OrdersController],
  providers: [OrdersService, OrderPublisher, IntakeMetrics],
  exports: [OrderPublisher, IntakeMetrics],
})
export class OrdersModule {}
