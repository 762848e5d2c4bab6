import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startIntake } from './bootstrap';
import { loadIntakeConfig } from './config';

async function main(): Promise<void> {
  const config = loadIntakeConfig();
  const app = await startIntake(config);
  Logger.log(`order-intake listening on ${await app.getUrl()}, producing to ${config.ordersTopic}`, 'Main');
}

main().catch((error: Error) => {
  Logger.error(`order-intake failed to start: ${error.message}`, error.stack, 'Main');
  process.exit(1);
});
