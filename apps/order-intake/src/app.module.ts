import cluster from 'node:cluster';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigModule } from '@surge/config';
import { loggerModule, MetricsModule } from '@surge/observability';
import { mysqlOptions } from '@surge/order-store';
import type { IntakeConfig } from './config';
import { INTAKE_CONFIG } from './config.token';
import { WorkerReadiness } from './cluster/cluster-readiness';
import { HealthController } from './health/health.controller';
import { OrdersController } from './orders/orders.controller';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static register(config: IntakeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(INTAKE_CONFIG, config),
        loggerModule({ app: 'order-intake', level: config.logLevel }),
        MetricsModule.register({ app: 'order-intake', clusterWorker: cluster.isWorker }),
        // Intake only reads orders back (GET /orders/:id); a small pool is plenty.
        // Connected on first read by OrderLookup, so intake boots without MySQL.
        TypeOrmModule.forRoot({ ...mysqlOptions(config.mysqlUrl, config.mysqlPoolSize), manualInitialization: true }),
        TerminusModule,
        ...throttling(config.throttlePerMinute).imports,
        OrdersModule,
      ],
      providers: [WorkerReadiness, ...throttling(config.throttlePerMinute).providers],
      controllers: [HealthController],
    };
  }
}

/**
 * Per-client (per IP) limit on the orders API. Off by default: behind a load
 * balancer or in a load test every request comes from few addresses, and the
 * guard costs a storage lookup per request. When off, nothing is registered.
 * Health and metrics are never throttled: a probe answered 429 would take the
 * instance out of rotation.
 */
function throttling(perMinute: number): { imports: DynamicModule[]; providers: Provider[] } {
  if (perMinute === 0) return { imports: [], providers: [] };
  return {
    imports: [
      ThrottlerModule.forRoot({
        throttlers: [{ ttl: 60_000, limit: perMinute }],
        skipIf: (context) => context.getClass() !== OrdersController,
      }),
    ],
    providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
  };
}
