import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Inventory } from '@surge/order-store';
import { DrainModule } from '../drain/drain.module';
import { AdminTokenGuard } from './admin-token.guard';
import { BacklogService } from './backlog.service';
import { DrainAdminController } from './drain-admin.controller';
import { InventoryAdminController } from './inventory-admin.controller';

/** Mounted only when ADMIN_TOKEN is configured. */
@Module({
  imports: [TypeOrmModule.forFeature([Inventory]), DrainModule],
  controllers: [DrainAdminController, InventoryAdminController],
  providers: [AdminTokenGuard, BacklogService],
})
export class AdminModule {}
