import cluster, { type Worker } from 'node:cluster';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { OrderPublisher } from '../orders/order-publisher';

const WORKER_READY = 'surge:intake-worker-ready';
const CLUSTER_READY = 'surge:intake-cluster-ready';
/** How often a worker compares its producer's state with what it last told the primary. */
const REPORT_INTERVAL_MS = 200;

interface WorkerReady {
  type: typeof WORKER_READY;
  ready: boolean;
}
/** What every worker's /health/ready answers from. */
export interface ClusterState {
  type: typeof CLUSTER_READY;
  workers: number;
  ready: number;
}

const isWorkerReady = (m: unknown): m is WorkerReady => (m as WorkerReady | null)?.type === WORKER_READY;
const isClusterState = (m: unknown): m is ClusterState => (m as ClusterState | null)?.type === CLUSTER_READY;

/**
 * Primary side: which workers have a connected producer. A load balancer's
 * probe reaches one worker at random, so each worker must answer for all of
 * them: the primary keeps the count and sends it to every worker on change.
 * Ready means every configured worker is up and connected; a worker that is
 * down or restarting would otherwise turn its share of orders into 503s while
 * the probe says ready.
 */
export class ClusterReadiness {
  private readonly ready = new Map<number, boolean>();

  constructor(private readonly workers: number) {
    cluster.on('message', (worker, message: unknown) => {
      if (!isWorkerReady(message)) return;
      this.ready.set(worker.id, message.ready);
      this.broadcast();
    });
  }

  /** A worker left (exited or is being replaced): it no longer counts as ready. */
  remove(worker: Worker): void {
    this.ready.delete(worker.id);
    this.broadcast();
  }

  private broadcast(): void {
    const state: ClusterState = {
      type: CLUSTER_READY,
      workers: this.workers,
      ready: [...this.ready.values()].filter(Boolean).length,
    };
    for (const worker of Object.values(cluster.workers ?? {})) {
      // A worker that is exiting may close its channel before isConnected() says so (EPIPE).
      if (worker?.isConnected()) worker.send(state, () => undefined);
    }
  }
}

/**
 * Worker side: tells the primary whenever this worker's producer connects or
 * drops, and keeps the primary's latest count for /health/ready. Outside a
 * cluster it does nothing and `state` stays null.
 */
@Injectable()
export class WorkerReadiness implements OnApplicationBootstrap, OnModuleDestroy {
  private state: ClusterState | null = null;
  private reported: boolean | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly onMessage = (message: unknown): void => {
    if (isClusterState(message)) this.state = message;
  };

  constructor(private readonly publisher: OrderPublisher) {}

  /** Null outside a cluster. */
  get clusterState(): ClusterState | null {
    return this.state;
  }

  onApplicationBootstrap(): void {
    if (!cluster.isWorker) return;
    process.on('message', this.onMessage);
    this.report();
    this.timer = setInterval(() => this.report(), REPORT_INTERVAL_MS);
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    process.off('message', this.onMessage);
  }

  private report(): void {
    const ready = this.publisher.isConnected;
    if (ready === this.reported || !process.connected) return;
    this.reported = ready;
    // The primary may be gone by now (it was killed): this worker then drains on 'disconnect'.
    process.send?.({ type: WORKER_READY, ready } satisfies WorkerReady, undefined, undefined, () => undefined);
  }
}
