import cluster from 'node:cluster';
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfigModule } from '@surge/config';
import { HealthModule, loggerModule, MetricsModule } from '@surge/observability';
import { mysqlOptions } from '@surge/order-store';
import type { IntakeConfig } from './config';
import { INTAKE_CONFIG } from './config.token';
import { WorkerReadiness } from './cluster/cluster-readiness';
import { KafkaReadiness } from './health/kafka-readiness';
import { WorkersReadiness } from './health/workers-readiness';
import { OrdersController } from './orders/orders.controller';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static register(config: IntakeConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(INTAKE_CONFIG, config),
        loggerModule({
          app: 'order-intake',
          level: config.logLevel,
          metricPrefix: 'surge_intake',
          shipping: config.logShipping,
          workerId: cluster.worker?.id,
        }),
        MetricsModule.register({ app: 'order-intake', clusterWorker: cluster.isWorker }),
        // Intake only reads orders back (GET /orders/:id); a small pool is plenty.
        // Connected on first read by OrderLookup, so intake boots without MySQL.
        TypeOrmModule.forRoot({ ...mysqlOptions(config.mysqlUrl, config.mysqlPoolSize), manualInitialization: true }),
        HealthModule.register({
          // A worker's readiness also counts its siblings: a probe reaches one of them at random.
          checks: [KafkaReadiness, ...(cluster.isWorker ? [WorkersReadiness] : [])],
          imports: [OrdersModule],
          providers: [WorkerReadiness],
        }),
        ...throttling(config.throttlePerMinute).imports,
        OrdersModule,
      ],
      providers: throttling(config.throttlePerMinute).providers,
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
