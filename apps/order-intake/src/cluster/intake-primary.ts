import cluster, { type Worker } from 'node:cluster';
import { Logger } from '@nestjs/common';
import { serveClusterMetrics } from '@surge/observability';
import type { IntakeConfig } from '../config';
import { ClusterReadiness } from './cluster-readiness';

/**
 * The cluster primary: serves no request itself. It forks `config.workers`
 * intake workers that share the port (the primary hands out connections in
 * turn), aggregates their metrics and readiness, replaces a worker that
 * crashes after it had started, and on SIGTERM or SIGINT drains every worker
 * and exits once the last one has. A worker that fails before it listens
 * (a port in use, a bad option) stops the whole cluster with exit code 1:
 * forking it again would fail the same way.
 */
export function runIntakePrimary(config: IntakeConfig): Promise<void> {
  const logger = new Logger('IntakePrimary');
  serveClusterMetrics();
  const readiness = new ClusterReadiness(config.workers);
  const listening = new Set<number>();
  const alive = new Set<Worker>();
  let stopping = false;
  let exitCode = 0;

  const fork = (): void => {
    const worker = cluster.fork();
    alive.add(worker);
    // A send to a worker that is exiting fails with EPIPE; its 'exit' follows and is handled below.
    worker.on('error', (error) => logger.debug(`worker ${worker.process.pid}: ${error.message}`));
    worker.once('listening', () => {
      listening.add(worker.id);
      if (listening.size === config.workers) logger.log(`${config.workers} workers listening on port ${config.port}`);
    });
  };

  const stop = (code: number): void => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    logger.log(`draining ${alive.size} workers`);
    // Each worker finishes its open requests and flushes its producer (see intake-worker.ts).
    for (const worker of alive) worker.process.kill('SIGTERM');
    if (alive.size === 0) process.exit(exitCode);
  };

  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker);
    readiness.remove(worker);
    const how = `worker ${worker.process.pid} exited (code ${code}, signal ${signal})`;
    if (stopping) {
      if (code !== 0) logger.warn(how);
      if (alive.size === 0) process.exit(exitCode);
    } else if (!listening.has(worker.id)) {
      logger.error(`${how} before listening; stopping intake`);
      stop(1);
    } else {
      logger.error(`${how}; starting a replacement`);
      listening.delete(worker.id);
      setTimeout(() => stopping || fork(), config.workerRestartDelayMs);
    }
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(0));
  for (let i = 0; i < config.workers; i++) fork();
  return Promise.resolve();
}
