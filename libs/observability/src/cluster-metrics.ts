import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

const SCRAPE_REQUEST = 'surge:metrics-scrape-request';
const SCRAPE_REPLY = 'surge:metrics-scrape-reply';
/** Above prom-client's own 5 s limit for collecting from every worker. */
const SCRAPE_TIMEOUT_MS = 6000;

interface ScrapeRequest {
  type: typeof SCRAPE_REQUEST;
  id: number;
}
interface ScrapeReply {
  type: typeof SCRAPE_REPLY;
  id: number;
  text?: string;
  error?: string;
}

const isScrapeRequest = (m: unknown): m is ScrapeRequest => (m as ScrapeRequest | null)?.type === SCRAPE_REQUEST;
const isScrapeReply = (m: unknown): m is ScrapeReply => (m as ScrapeReply | null)?.type === SCRAPE_REPLY;

/**
 * Cluster primary: answers a worker's scrape with every worker's metrics
 * summed (prom-client's AggregatorRegistry). The scrape arrives at whichever
 * worker the primary handed the connection to, and that worker only knows its
 * own counters, so it asks the primary, which asks every worker.
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isScrapeRequest(message)) return;
    // A worker that exited meanwhile cannot be answered (EPIPE); nobody waits for it.
    const reply = (answer: ScrapeReply) => worker.isConnected() && worker.send(answer, () => undefined);
    aggregator.clusterMetrics().then(
      (text) => reply({ type: SCRAPE_REPLY, id: message.id, text }),
      (error: Error) => reply({ type: SCRAPE_REPLY, id: message.id, error: error.message }),
    );
  });
}

/**
 * Cluster worker: makes `registry` the one the primary collects, and returns a
 * scrape that answers with the whole cluster's metrics.
 */
export function clusterScrape(registry: Registry): () => Promise<string> {
  AggregatorRegistry.setRegistries([registry]);
  // prom-client answers the primary's collection requests only once an
  // AggregatorRegistry exists in the worker; this one is never read.
  new AggregatorRegistry();
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isScrapeReply(message)) return;
    const request = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) request?.reject(new Error(`cluster metrics: ${message.error}`));
    else request?.resolve(message.text ?? '');
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`cluster metrics: the primary did not answer within ${SCRAPE_TIMEOUT_MS} ms`));
      }, SCRAPE_TIMEOUT_MS);
      pending.set(id, {
        resolve: (text) => (clearTimeout(timer), resolve(text)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      process.send?.({ type: SCRAPE_REQUEST, id } satisfies ScrapeRequest, undefined, undefined, (error) => {
        if (!error) return;
        const request = pending.get(id);
        pending.delete(id);
        request?.reject(new Error(`cluster metrics: ${error.message}`));
      });
    });
}
