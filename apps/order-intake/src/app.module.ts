import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mysqlOptions } from '@surge/order-store';
import type { IntakeConfig } from './config';
import { INTAKE_CONFIG } from './config.token';
import { HealthController } from './health/health.controller';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static register(config: IntakeConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        // Intake only reads orders back (GET /orders/:id); a small pool is plenty.
        TypeOrmModule.forRoot({ ...mysqlOptions(config.mysqlUrl, config.mysqlPoolSize), retryAttempts: 2 }),
        TerminusModule,
        OrdersModule,
      ],
      providers: [{ provide: INTAKE_CONFIG, useValue: config }],
      exports: [INTAKE_CONFIG],
      controllers: [HealthController],
    };
  }
}
