import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startNotifier } from './bootstrap';
import { loadNotifierConfig } from './config';

async function main(): Promise<void> {
  const config = loadNotifierConfig();
  const app = await startNotifier(config);
  Logger.log(`notifier listening on ${await app.getUrl()}, notifying from ${config.outcomesTopic}`, 'Main');
}

main().catch((error: Error) => {
  Logger.error(`notifier failed to start: ${error.message}`, error.stack, 'Main');
  process.exit(1);
});
