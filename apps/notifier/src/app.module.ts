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
import type { NotifierConfig } from './config';
import { NOTIFIER_CONFIG } from './config.token';
import { NOTIFY_TRANSPORT, NotificationsModule } from './notifications/notifications.module';

@Module({})
export class AppModule {
  static register(config: NotifierConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(NOTIFIER_CONFIG, config),
        TypeOrmModule.forRoot({ ...mysqlOptions(config.mysqlUrl, config.mysqlPoolSize), retryAttempts: 2 }),
        loggerModule({
          app: 'notifier',
          level: config.logLevel,
          metricPrefix: 'surge_notifier',
          shipping: config.logShipping,
        }),
        MetricsModule.register({ app: 'notifier' }),
        // Ready while the database the notifications are recorded in answers: sends can be recorded.
        HealthModule.register({
          checks: [MysqlReadiness, DeadLetterReadiness],
          imports: [NotificationsModule],
          providers: [{ provide: DEAD_LETTER_SOURCE, useExisting: NOTIFY_TRANSPORT }],
        }),
        NotificationsModule,
        // No token configured: the admin API does not exist (404), rather than existing unprotected.
        ...(config.adminToken ? [AdminModule] : []),
      ],
    };
  }
}
