import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startFulfillment } from './bootstrap';
import { loadFulfillmentConfig } from './config';

async function main(): Promise<void> {
  const config = loadFulfillmentConfig();
  const app = await startFulfillment(config);
  Logger.log(`fulfillment listening on ${await app.getUrl()}, draining ${config.ordersTopic}`, 'Main');
}

main().catch((error: Error) => {
  Logger.error(`fulfillment failed to start: ${error.message}`, error.stack, 'Main');
  process.exit(1);
});
