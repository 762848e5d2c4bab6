import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createKafka } from '@surge/kafka';
import { deleteTopics } from '@surge/kafka-testing';
import { testStack, uniqueName } from '@surge/testing';
import { startIntake } from '../bootstrap';
import { loadIntakeConfig, type IntakeConfig } from '../config';

/** Helpers for intake's integration specs: each test gets its own app and topic. */
export const kafka = createKafka({ brokers: testStack.kafkaBrokers, clientId: 'intake-int-spec' });

export interface Intake {
  app: NestFastifyApplication;
  url: string;
  topic: string;
}

export function intakeConfig(overrides: Partial<IntakeConfig> = {}): IntakeConfig {
  const topic = overrides.ordersTopic ?? uniqueName('orders');
  return {
    ...loadIntakeConfig({
      KAFKA_BROKERS: testStack.kafkaBrokers.join(','),
      MYSQL_URL: testStack.mysqlUrl,
      LOG_SHIPPING: 'off',
    }),
    port: 0,
    ordersTopic: topic,
    deadLetterTopic: `${topic}.dlq`,
    topicPartitions: 3,
    // Kept per test and printed only if it fails (libs/testing captured-logs).
    logLevel: 'info',
    // Intake shares its event loop with jest, the spec and its HTTP client, so
    // the loop's delay measures them too; load shedding has its own specs
    // (network/load-shedding.*spec.ts) and apps run as processes keep the default.
    loadShedding: { maxEventLoopDelayMs: 0, maxEventLoopUtilization: 0 },
    ...overrides,
  };
}

export async function startOnNewTopic(overrides: Partial<IntakeConfig> = {}): Promise<Intake> {
  const config = intakeConfig(overrides);
  const app = await startIntake(config);
  return { app, url: await app.getUrl(), topic: config.ordersTopic };
}

export async function stop(intake: Intake): Promise<void> {
  await intake.app.close();
  await deleteTopics(kafka, [intake.topic, `${intake.topic}.dlq`]);
}

export const validOrder = { customerId: 'customer-1', currency: 'EUR', items: [{ sku: 'SKU-1', quantity: 2 }] };

export function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}
