import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { KafkaSettings } from './kafka-client';
import { KAFKA_CLIENT, KafkaModule } from './kafka.module';

const CONFIG = Symbol('CONFIG');
const config = { brokers: ['127.0.0.1:1'] };
const settingsCalls: unknown[] = [];

@Global()
@Module({ providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] })
class ConfigModule {}

/** The module that owns the app's Kafka wiring: imports KafkaModule once and re-exports it. */
@Module({
  imports: [
    KafkaModule.register<typeof config>({
      config: CONFIG,
      settings: (value): KafkaSettings => {
        settingsCalls.push(value);
        return { brokers: value.brokers, clientId: 'spec' };
      },
    }),
  ],
  exports: [KafkaModule],
})
class WiringModule {}

@Injectable()
class UserA {
  constructor(@Inject(KAFKA_CLIENT) readonly kafka: Kafka) {}
}
@Module({ imports: [WiringModule], providers: [UserA], exports: [UserA] })
class FeatureA {}

@Injectable()
class UserB {
  constructor(@Inject(KAFKA_CLIENT) readonly kafka: Kafka) {}
}
@Module({ imports: [WiringModule], providers: [UserB], exports: [UserB] })
class FeatureB {}

@Module({ imports: [ConfigModule, FeatureA, FeatureB] })
class AppModule {}

describe('KafkaModule', () => {
  it('builds one client from the config token, shared by every module that imports the wiring', async () => {
    // Creating a kafkajs client opens no connection: no broker is needed here.
    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      const a = app.get(UserA).kafka;
      expect(typeof a.producer).toBe('function');
      expect(app.get(UserB).kafka).toBe(a);
      expect(settingsCalls).toEqual([config]);
    } finally {
      await app.close();
    }
  });
});
