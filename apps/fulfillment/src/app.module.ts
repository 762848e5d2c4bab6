import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Kafka, KafkaBatchTransport } from '@surge/kafka';
import type { DrainThrottle } from '@surge/pacing';
import { loggerModule, MetricsModule } from '@surge/observability';
import { mysqlOptions } from '@surge/order-store';
import { AdminModule } from './admin/admin.module';
import type { FulfillmentConfig } from './config';
import { DrainModule } from './drain/drain.module';
import { DRAIN_THROTTLE, DRAIN_TRANSPORT, FULFILLMENT_CONFIG, KAFKA_CLIENT } from './drain/drain.tokens';
import { HealthController } from './health/health.controller';
import { DrainMetrics } from './metrics/drain-metrics';
import { OrdersModule } from './orders/orders.module';

export interface DrainParts {
  kafka: Kafka;
  transport: KafkaBatchTransport;
  throttle: DrainThrottle;
}

@Module({})
export class AppModule {
  static register(config: FulfillmentConfig, drain: DrainParts): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        // Never retry the first connection for long: a wrong MYSQL_URL should stop the boot, loudly.
        TypeOrmModule.forRoot({ ...mysqlOptions(config.mysqlUrl, config.mysqlPoolSize), retryAttempts: 2 }),
        loggerModule({ app: 'fulfillment', level: config.logLevel }),
        MetricsModule.register({ app: 'fulfillment' }),
        TerminusModule,
        OrdersModule,
        DrainModule,
        // No token configured: the admin API does not exist (404), rather than existing unprotected.
        ...(config.adminToken ? [AdminModule] : []),
      ],
      providers: [
        { provide: FULFILLMENT_CONFIG, useValue: config },
        { provide: KAFKA_CLIENT, useValue: drain.kafka },
        { provide: DRAIN_TRANSPORT, useValue: drain.transport },
        { provide: DRAIN_THROTTLE, useValue: drain.throttle },
        DrainMetrics,
      ],
      exports: [FULFILLMENT_CONFIG, KAFKA_CLIENT, DRAIN_TRANSPORT, DRAIN_THROTTLE, DrainMetrics],
      controllers: [HealthController],
    };
  }
}
