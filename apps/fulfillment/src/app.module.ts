import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mysqlOptions } from '@surge/order-store';
import type { FulfillmentConfig } from './config';
import { HealthController } from './health/health.controller';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static register(config: FulfillmentConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Never retry the first connection for long: a wrong MYSQL_URL should stop the boot, loudly.
        TypeOrmModule.forRoot({ ...mysqlOptions(config.mysqlUrl, config.mysqlPoolSize), retryAttempts: 2 }),
        TerminusModule,
        OrdersModule,
      ],
      controllers: [HealthController],
    };
  }
}
