import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { createKafka, type KafkaSettings } from './kafka-client';

/** Injection token of the app's kafkajs client. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

export interface KafkaModuleOptions<C> {
  /** Token of the app's config, handed to `settings`. */
  config: InjectionToken;
  settings: (config: C) => KafkaSettings;
}

/**
 * The app's one Kafka client, built from its config inside Nest, so whatever
 * uses Kafka (a producer, the batch transport, admin queries) is a provider
 * that injects KAFKA_CLIENT. Import the module this returns once, from the
 * module that owns the app's Kafka wiring, and re-export it from there: each
 * register() call is a module of its own with a client of its own.
 */
@Module({})
export class KafkaModule {
  static register<C>({ config, settings }: KafkaModuleOptions<C>): DynamicModule {
    return {
      module: KafkaModule,
      providers: [{ provide: KAFKA_CLIENT, inject: [config], useFactory: (value: C) => createKafka(settings(value)) }],
      exports: [KAFKA_CLIENT],
    };
  }
}
