import { Module } from '@nestjs/common';
import { ConsoleController } from '../console/console.controller';
import { DrainModule } from '../drain/drain.module';
import { RetentionModule } from '../retention/retention.module';
import { AdminTokenGuard } from './admin-token.guard';
import { BacklogService } from './backlog.service';
import { DrainAdminController } from './drain-admin.controller';
import { InventoryAdminController } from './inventory-admin.controller';
import { StockLevels } from './stock-levels.service';

/** Mounted only when ADMIN_TOKEN is configured, the ops console with it. */
@Module({
  imports: [DrainModule, RetentionModule],
  controllers: [DrainAdminController, InventoryAdminController, ConsoleController],
  providers: [AdminTokenGuard, BacklogService, StockLevels],
})
export class AdminModule {}
