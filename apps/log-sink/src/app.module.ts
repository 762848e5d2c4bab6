import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule } from '@surge/config';
import {
  DEAD_LETTER_SOURCE,
  DeadLetterReadiness,
  HealthModule,
  loggerModule,
  MetricsModule,
} from '@surge/observability';
import type { LogSinkConfig } from './config';
import { LOG_SINK_CONFIG } from './config.token';
import { LogStoreReadiness } from './health/log-store-readiness';
import { LogSinkModule } from './sink/log-sink.module';
import { LOG_SINK_TRANSPORT } from './sink/log-sink.tokens';

@Module({})
export class AppModule {
  static register(config: LogSinkConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.register(LOG_SINK_CONFIG, config),
        // Its own lines too: they are few (warnings, retention), none per batch it indexes.
        loggerModule({
          app: 'log-sink',
          level: config.logLevel,
          metricPrefix: 'surge_log_sink',
          shipping: config.logShipping,
        }),
        MetricsModule.register({ app: 'log-sink' }),
        // Ready while the store answers (what the sink reads can be written) and no
        // partition is held by a dead letter that cannot be written.
        HealthModule.register({
          checks: [LogStoreReadiness, DeadLetterReadiness],
          imports: [LogSinkModule],
          providers: [{ provide: DEAD_LETTER_SOURCE, useExisting: LOG_SINK_TRANSPORT }],
        }),
        LogSinkModule,
      ],
    };
  }
}
