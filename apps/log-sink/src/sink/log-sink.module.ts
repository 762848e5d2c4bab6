import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { logTopicSpecs } from '@surge/contracts';
import { KAFKA_CLIENT, consumerTransport, KafkaModule, provisionTopics, type Kafka } from '@surge/kafka';
import { LogStore } from '@surge/log-store';
import type { LogSinkConfig } from '../config';
import { LOG_SINK_CONFIG } from '../config.token';
import { LogRetention } from '../retention/log-retention';
import { LOG_LINES, LogLinesConsumer } from './log-lines.consumer';
import { LOG_SINK_TRANSPORT } from './log-sink.tokens';
import { SinkMetrics } from './sink-metrics';

@Module({
  imports: [
    KafkaModule.register<LogSinkConfig>({
      config: LOG_SINK_CONFIG,
      settings: (config) => ({ brokers: config.kafkaBrokers, clientId: 'surge-log-sink' }),
    }),
  ],
  controllers: [LogLinesConsumer],
  providers: [
    SinkMetrics,
    {
      provide: LogStore,
      inject: [LOG_SINK_CONFIG],
      useFactory: (config: LogSinkConfig) =>
        new LogStore({ url: config.opensearchUrl, indexPrefix: config.logIndexPrefix }),
    },
    {
      provide: LogRetention,
      inject: [LogStore, LOG_SINK_CONFIG, SinkMetrics],
      useFactory: (store: LogStore, config: LogSinkConfig, metrics: SinkMetrics) =>
        new LogRetention(store, {
          retentionDays: config.retentionDays,
          intervalMs: config.retentionIntervalMs,
          onRun: ({ deleted, error }) => metrics.retentionRan(deleted.length, error === undefined),
        }),
    },
    {
      provide: LOG_SINK_TRANSPORT,
      inject: [KAFKA_CLIENT, LOG_SINK_CONFIG],
      useFactory: async (kafka: Kafka, config: LogSinkConfig) => {
        // A broker that cannot be reached stops the boot: the sink has nothing to read.
        await provisionTopics(kafka, logTopicSpecs(config));
        // No ceiling: the store's own answers pace the sink.
        return consumerTransport(kafka, config, {
          pattern: LOG_LINES,
          topic: config.logsTopic,
          deadLetterTopic: config.logsDeadLetterTopic,
        });
      },
    },
  ],
  exports: [LOG_SINK_TRANSPORT, LogStore],
})
export class LogSinkModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(LogRetention) private readonly retention: LogRetention,
    @Inject(LogStore) private readonly store: LogStore,
  ) {}

  onApplicationBootstrap(): void {
    this.retention.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.retention.stop();
    await this.store.close();
  }
}
