import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigModule } from '@surge/config';
import {
  DEAD_LETTER_SOURCE,
  DeadLetterReadiness,
  HealthModule,
  loggerModule,
  MetricsModule,
  MysqlReadiness,
} from '@surge/observability';
import { mysqlOptions } from '@surge/order-store';
import { AdminModule } from './admin/admin.module';
import type { FulfillmentConfig } from './config';
import { FULFILLMENT_CONFIG } from './config.token';
import { DrainModule } from './drain/drain.module';
import { DRAIN_TRANSPORT } from './drain/drain.tokens';
import { RetentionReadiness } from './health/retention-readiness';
import { OrdersModule } from './orders/orders.module';
import { RetentionModule } from './retention/retention.module';
import { OutboxModule } from './outbox/outbox.module';

@Module({})
export class AppModule {
  static register(config: FulfillmentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(FULFILLMENT_CONFIG, config),
        // Never retry the first connection for long: a wrong MYSQL_URL should stop the boot, loudly.
        TypeOrmModule.forRoot({ ...mysqlOptions(config.mysqlUrl, config.mysqlPoolSize), retryAttempts: 2 }),
        loggerModule({
          app: 'fulfillment',
          level: config.logLevel,
          metricPrefix: 'surge_fulfillment',
          shipping: config.logShipping,
        }),
        MetricsModule.register({ app: 'fulfillment' }),
        HealthModule.register({
          checks: [MysqlReadiness, DeadLetterReadiness, RetentionReadiness],
          imports: [RetentionModule, DrainModule],
          providers: [{ provide: DEAD_LETTER_SOURCE, useExisting: DRAIN_TRANSPORT }],
        }),
        DrainModule,
        OrdersModule,
        RetentionModule,
        OutboxModule,
        // No token configured: the admin API does not exist (404), rather than existing unprotected.
        ...(config.adminToken ? [AdminModule] : []),
      ],
    };
  }
}
