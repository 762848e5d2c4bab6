import { Logger } from '@nestjs/common';
import { startIntake } from '../bootstrap';
import type { IntakeConfig } from '../config';

/**
 * One cluster worker: a whole intake app with its own batching producer.
 * It drains (stops accepting, answers the orders in hand once Kafka has them,
 * closes its producer) on SIGTERM or SIGINT, or when the primary goes away.
 * Handled here rather than by Nest's shutdown hooks: those stop listening
 * after the first signal, so a second one (Ctrl-C reaches the primary and
 * every worker, and the primary forwards it) would kill the worker mid-drain.
 */
export async function runIntakeWorker(config: IntakeConfig): Promise<void> {
  const app = await startIntake(config, { shutdownHooks: false });
  let draining = false;
  const drain = (): void => {
    if (draining) return;
    draining = true;
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        Logger.error(`worker ${process.pid} failed to drain: ${error.message}`, error.stack, 'IntakeWorker');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, drain);
  // The primary died (kill -9): no connections will be handed to this worker any more.
  process.on('disconnect', drain);
}
