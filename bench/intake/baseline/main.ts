import 'reflect-metadata';
import { Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { envReader, loadStackConfig, VALIDATION_PIPE_OPTIONS } from '@surge/config';
import { KAFKA_CLIENT, OrdersController } from './orders.controller';

// Benchmark baseline only (see bench/intake/run.ts): NestJS on the Express adapter.
@Module({
  imports: [
    ClientsModule.register([
      {
        name: KAFKA_CLIENT,
        transport: Transport.KAFKA,
        options: {
          client: { clientId: 'bench-baseline', brokers: loadStackConfig(envReader(process.env)).kafkaBrokers },
          producer: { allowAutoTopicCreation: false },
          producerOnlyMode: true,
        },
      },
    ]),
  ],
  controllers: [OrdersController],
})
class BaselineModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BaselineModule, { logger: ['error', 'warn'] });
  app.useGlobalPipes(new ValidationPipe(VALIDATION_PIPE_OPTIONS));
  app.enableShutdownHooks();
  await app.listen(Number(process.env.PORT ?? 3200), '127.0.0.1');
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
