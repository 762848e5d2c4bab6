import { Controller, Get, Header, Module, type DynamicModule } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Value of the `app` label on every series. */
  app: string;
}

/** Prometheus text exposition of the app's registry. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * One prom-client Registry per app instead of the process-global one, so two
 * apps booted in one process (integration specs) never collide on metric
 * names. Inject `Registry` to register the app's own metrics on it.
 */
@Module({})
export class MetricsModule {
  static register({ app }: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        {
          provide: Registry,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ app });
            collectDefaultMetrics({ register: registry });
            return registry;
          },
        },
      ],
      exports: [Registry],
    };
  }
}
