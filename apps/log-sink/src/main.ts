import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startLogSink } from './bootstrap';
import { loadLogSinkConfig } from './config';

async function main(): Promise<void> {
  const config = loadLogSinkConfig();
  const app = await startLogSink(config);
  Logger.log(
    `log-sink listening on ${await app.getUrl()}, storing ${config.logsTopic} into ${config.opensearchUrl} (${config.logIndexPrefix}-*)`,
    'Main',
  );
}

main().catch((error: Error) => {
  Logger.error(`log-sink failed to start: ${error.message}`, error.stack, 'Main');
  process.exit(1);
});
