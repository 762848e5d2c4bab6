import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LOG_INSTANCE_HEADER, type LogRecord, type PinoLine } from '@surge/contracts';
import { createKafka, ensureTopic, type BatchingProducer } from '@surge/kafka';
import { deleteTopics, specProducer } from '@surge/kafka-testing';
import { LogStore, type LogDocument } from '@surge/log-store';
import { testStack, uniqueName } from '@surge/testing';
import { randomUUID } from 'node:crypto';
import { startLogSink } from '../bootstrap';
import { loadLogSinkConfig, type LogSinkConfig } from '../config';

/** An info line of a new order, written now by intake, unless the patch says otherwise. */
export function testLogRecord(patch: Partial<LogRecord> = {}): LogRecord {
  return {
    time: new Date().toISOString(),
    level: 'info',
    app: 'order-intake',
    instance: 'spec:1',
    msg: 'order accepted',
    orderId: randomUUID(),
    ...patch,
  };
}

/** A unique index prefix no other spec (nor the shared store's `surge-logs-*` template) matches. */
export function testIndexPrefix(): string {
  return uniqueName('test-logs');
}

/** Deletes a spec's indices and template, and closes its store. */
export async function dropTestStore(store: LogStore): Promise<void> {
  const indices = await store.indices();
  if (indices.length > 0) await store.deleteIndices(indices);
  await store.deleteTemplate();
  await store.close();
}

/**
 * What the sink's integration specs share: a log topic of one partition, its
 * dead-letter topic, a group and an index prefix of their own; a sink started
 * in this process on them (again with start(), e.g. under a new group); a
 * producer shipping lines as the apps do; and a store read straight, never
 * through the sink's own (possibly cut) connection.
 */
export class LogSinkHarness {
  readonly kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'log-sink-int-spec' });
  readonly topic = uniqueName('logs');
  readonly indexPrefix = testIndexPrefix();
  readonly store = new LogStore({ url: testStack.opensearchUrl, indexPrefix: this.indexPrefix });
  config!: LogSinkConfig;
  app: NestFastifyApplication | null = null;
  private producer: BatchingProducer | null = null;

  /** The topics and producer; fails at once, saying what to start, when the store is not up. */
  async setUp(): Promise<void> {
    if (!(await this.store.ping())) {
      throw new Error(`no OpenSearch at ${testStack.opensearchUrl}; run: npm run stack:up -- --with-logs`);
    }
    await ensureTopic(this.kafka, { topic: this.topic, partitions: 1, replicationFactor: 1, configs: {} });
    // gzip, as the apps' log transport ships.
    this.producer = await specProducer(this.kafka, { compression: 'gzip' });
  }

  /** A sink on the harness's topic and index prefix; `env` may point it elsewhere (a proxy) or at another group. */
  async start(env: NodeJS.ProcessEnv = {}): Promise<LogSinkConfig> {
    this.config = {
      ...loadLogSinkConfig({
        KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
        OPENSEARCH_URL: testStack.opensearchUrl,
        LOG_SHIPPING: 'off',
        ...env,
      }),
      port: 0,
      host: '127.0.0.1',
      logsTopic: this.topic,
      logsDeadLetterTopic: `${this.topic}.dlq`,
      logIndexPrefix: this.indexPrefix,
      groupId: env.LOG_SINK_GROUP ?? uniqueName('log-sink'),
      topicPartitions: 1,
      retryInitialMs: 100,
      retryMaxMs: 500,
      // Kept per test and printed only if it fails (libs/testing captured-logs).
      logLevel: 'info',
    };
    this.app = await startLogSink(this.config);
    return this.config;
  }

  async stopSink(): Promise<void> {
    await this.app?.close();
    this.app = null;
  }

  async tearDown(): Promise<void> {
    await this.stopSink();
    await this.producer?.close();
    this.producer = null;
    await deleteTopics(this.kafka, [this.topic, `${this.topic}.dlq`]);
    await dropTestStore(this.store);
  }

  /** Ships pino lines in one message, the writer named in its header, as an app's log transport does. */
  async shipMessage(lines: Array<PinoLine | string>, instance = 'spec:1:2'): Promise<void> {
    if (!this.producer) throw new Error('call setUp() first');
    const text = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
    await this.producer.send(this.topic, {
      key: 'order-intake',
      value: Buffer.from(`${text}\n`),
      headers: { [LOG_INSTANCE_HEADER]: instance },
    });
  }

  /** Ships records (or any text) one to a message, as an earlier Surge did. */
  async ship(...lines: Array<LogRecord | string>): Promise<void> {
    if (!this.producer) throw new Error('call setUp() first');
    for (const line of lines) {
      const value = Buffer.from(typeof line === 'string' ? line : JSON.stringify(line));
      const key = typeof line === 'string' ? 'spec' : line.app;
      await this.producer.send(this.topic, { key, value, headers: {} });
    }
  }

  /** The sink's URL, for /metrics and /health. */
  async url(): Promise<string> {
    if (!this.app) throw new Error('no sink running');
    return (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  /** Every stored line of these orders, searchable now. */
  async stored(...orderIds: string[]): Promise<LogDocument[]> {
    await this.store.refresh();
    const lines = await Promise.all(orderIds.map((orderId) => this.store.search({ orderId, limit: 100 })));
    return lines.flat();
  }
}
