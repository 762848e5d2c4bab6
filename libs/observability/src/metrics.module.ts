import { Controller, Get, Header, Inject, Module, Optional, type DynamicModule } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { clusterScrape } from './cluster-metrics';

export interface MetricsOptions {
  /** Value of the `app` label on every series. */
  app: string;
  /** True in a cluster worker: /metrics then answers for every worker, not only this one. */
  clusterWorker?: boolean;
}

const CLUSTER_SCRAPE = Symbol('CLUSTER_SCRAPE');

/** Prometheus text exposition of the app's registry. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly registry: Registry,
    @Optional() @Inject(CLUSTER_SCRAPE) private readonly scrapeCluster?: () => Promise<string>,
  ) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  scrape(): Promise<string> {
    return this.scrapeCluster ? this.scrapeCluster() : this.registry.metrics();
  }
}

/**
 * One prom-client Registry per app instead of the process-global one, so two
 * apps booted in one process (integration specs) never collide on metric
 * names. Inject `Registry` to register the app's own metrics on it.
 */
@Module({})
export class MetricsModule {
  static register({ app, clusterWorker = false }: MetricsOptions): DynamicModule {
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
        ...(clusterWorker
          ? [
              {
                provide: CLUSTER_SCRAPE,
                useFactory: (registry: Registry) => clusterScrape(registry),
                inject: [Registry],
              },
            ]
          : []),
      ],
      exports: [Registry],
    };
  }
}
