import { setTimeout as sleep } from 'node:timers/promises';
import { deleteTopics } from '@surge/kafka-testing';
import { LogStore } from '@surge/log-store';
import { TcpProxy, testStack, waitFor } from '@surge/testing';
import { seconds, type DrillContext, type LoadgenRun } from './harness';

/** How long the log store stays unreachable, mid-load. */
const OUTAGE_MS = 30_000;

/**
 * OpenSearch cut off from the log-sink for 30 s under load (a TCP proxy
 * between them drops every connection: the shared store other work uses keeps
 * running). Intake and fulfillment ship their lines to a logs topic of the
 * drill's own; afterwards every stored order's produced and stored steps must
 * be in the store, and the orders must be unaffected (loadgen's audit).
 */
export async function logStoreOutage(ctx: DrillContext): Promise<{ load: LoadgenRun; recoveryMs: number }> {
  const opensearchUrl = testStack.opensearchUrl;
  const { proxy, url } = await TcpProxy.before(opensearchUrl, 9200);
  ctx.defer('stopping the proxy in front of OpenSearch', () => proxy.stop());
  const logsTopic = `${ctx.topic}.logs`;
  const indexPrefix = ctx.runId.toLowerCase();
  const store = new LogStore({ url: opensearchUrl, indexPrefix });
  ctx.defer(`deleting ${logsTopic} and the indices ${indexPrefix}-*`, async () => {
    await deleteTopics(ctx.kafka, [logsTopic, `${logsTopic}.dlq`]);
    const indices = await store.indices();
    if (indices.length > 0) await store.deleteIndices(indices);
    await store.deleteTemplate();
    await store.close();
  });
  // info: the steps are logged at info; every app ships to the drill's own topic.
  const shipping = { LOG_SHIPPING: 'on', LOGS_TOPIC: logsTopic, LOG_LEVEL: 'info' };
  const fulfillment = await ctx.startApp('fulfillment', 'fulfillment', shipping);
  const intake = await ctx.startApp('order-intake', 'order-intake', shipping);
  await ctx.startApp('log-sink', 'log-sink', {
    ...shipping,
    OPENSEARCH_URL: url,
    LOG_INDEX_PREFIX: indexPrefix,
    LOG_SINK_GROUP: `${ctx.group}-log-sink`,
    LOGS_DLQ_TOPIC: `${logsTopic}.dlq`,
    LOG_SINK_RETRY_MAX_MS: '2000',
  });
  const load = ctx.startLoad(intake, fulfillment, 100, 60);
  await load.loadStarted;
  await sleep(10_000);
  proxy.down();
  ctx.log(`OpenSearch cut off from the log-sink for ${OUTAGE_MS / 1000} s`);
  await sleep(OUTAGE_MS);
  proxy.up();
  const backAt = performance.now();
  ctx.log(`OpenSearch reachable again (${proxy.refused} connections refused meanwhile)`);

  await load.done;
  const stored = await ctx.stored();
  const steps = await waitFor(
    `the produced and stored steps of all ${stored} stored orders in the log store`,
    async () => {
      await store.refresh();
      const [produced, storedSteps] = [await store.stepCount('order.produced'), await store.stepCount('order.stored')];
      return produced >= stored && storedSteps === stored ? { produced, storedSteps } : false;
    },
    { timeoutMs: 120_000, intervalMs: 1000 },
  ).catch((error: Error) => {
    ctx.fail(error.message);
    return null;
  });
  const recoveryMs = performance.now() - backAt;
  if (steps) {
    ctx.notes.push(
      `${stored} orders stored; ${steps.produced} order.produced and ${steps.storedSteps} order.stored lines in the log store, ` +
        `all there ${seconds(recoveryMs)} s after OpenSearch was reachable again`,
    );
  }
  return { load, recoveryMs };
}
