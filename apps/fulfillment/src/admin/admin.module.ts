import { Module } from '@nestjs/common';
import { AdminTokenGuard, adminTokenProvider } from '@surge/config';
import { ConsoleController } from '../console/console.controller';
import { KAFKA_CLIENT, type Kafka } from '@surge/kafka';
import type { FulfillmentConfig } from '../config';
import { DeadLetterTopic } from '../dead-letters/dead-letter-topic';
import { DrainModule } from '../drain/drain.module';
import { RetentionModule } from '../retention/retention.module';
import { FULFILLMENT_CONFIG } from '../config.token';
import { BacklogService } from './backlog.service';
import { DeadLetterAdminController } from './dead-letter-admin.controller';
import { DrainAdminController } from './drain-admin.controller';
import { InventoryAdminController } from './inventory-admin.controller';
import { StockLevels } from './stock-levels.service';

/** Mounted only when ADMIN_TOKEN is configured, the ops console with it. */
@Module({
  imports: [DrainModule, RetentionModule],
  controllers: [DrainAdminController, InventoryAdminController, ConsoleController, DeadLetterAdminController],
  providers: [
    adminTokenProvider(FULFILLMENT_CONFIG),
    AdminTokenGuard,
    BacklogService,
    StockLevels,
    {
      provide: DeadLetterTopic,
      useFactory: (kafka: Kafka, config: FulfillmentConfig) => new DeadLetterTopic(kafka, config),
      inject: [KAFKA_CLIENT, FULFILLMENT_CONFIG],
    },
  ],
})
export class AdminModule {}
