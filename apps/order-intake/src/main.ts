import 'reflect-metadata';
import cluster from 'node:cluster';
import { Logger } from '@nestjs/common';
import { startIntake } from './bootstrap';
import { runIntakePrimary } from './cluster/intake-primary';
import { runIntakeWorker } from './cluster/intake-worker';
import { loadIntakeConfig } from './config';

async function main(): Promise<void> {
  const config = loadIntakeConfig();
  if (cluster.isWorker) return runIntakeWorker(config);
  if (config.workers > 1) return runIntakePrimary(config);
  const app = await startIntake(config);
  Logger.log(`order-intake listening on ${await app.getUrl()}, producing to ${config.ordersTopic}`, 'Main');
}

main().catch((error: Error) => {
  Logger.error(`order-intake failed to start: ${error.message}`, error.stack, 'Main');
  process.exit(1);
});
