import { randomUUID } from 'node:crypto';
import { createPool } from 'mysql2/promise';
import { envReader } from '@surge/config';
import { waitFor } from '@surge/testing';
import { LogStore } from '@surge/log-store';
import { loadFulfillmentConfig } from '../../apps/fulfillment/src/config';
import { orderTrace } from '../../apps/log-sink/src/cli/order-trace';
import { loadLogToolConfig } from '../../apps/log-sink/src/config';
import { loadIntakeConfig } from '../../apps/order-intake/src/config';

/**
 * The demo's client side: waits for both apps, stocks a few SKUs, posts a burst
 * of orders concurrently, then follows them into MySQL and checks the
 * invariants: every 202 stored exactly once, nothing else stored, no SKU oversold.
 */
// Read as the apps read them, so the burst goes where demo.sh started them.
const intakeUrl = `http://127.0.0.1:${loadIntakeConfig().port}`;
const { port: fulfillmentPort, mysqlUrl } = loadFulfillmentConfig();
const fulfillmentUrl = `http://127.0.0.1:${fulfillmentPort}`;
// Validated like the apps' variables: DEMO_ORDERS=abc stops the demo naming it, not with an empty burst.
const ORDERS = envReader(process.env)('DEMO_ORDERS').default('500').asCount();
const CONCURRENCY = 50;
// demo.sh passes --trace when the log stack is up and it started the log-sink.
const TRACE = process.argv.includes('--trace');

const waitUntil = (what: string, check: () => Promise<boolean>, timeoutMs: number) =>
  waitFor(what, check, { timeoutMs, intervalMs: 250 });

const ready = (url: string) => async () => (await fetch(`${url}/health/ready`)).ok;

async function main(): Promise<void> {
  await waitUntil('order-intake (see .stack/logs/order-intake.log)', ready(intakeUrl), 60_000);
  await waitUntil('fulfillment (see .stack/logs/fulfillment.log)', ready(fulfillmentUrl), 60_000);

  const run = randomUUID().slice(0, 6);
  const stock = { [`DEMO-${run}-PHONE`]: 40, [`DEMO-${run}-CASE`]: 1000, [`DEMO-${run}-CABLE`]: 1000 };
  const skus = Object.keys(stock);
  const db = createPool({ uri: mysqlUrl, connectionLimit: 2 });
  try {
    await db.query('INSERT INTO inventory (sku, available, price_cents) VALUES ?', [
      skus.map((sku, i) => [sku, stock[sku], 1999 + i * 1000]),
    ]);

    console.log(
      `sending ${ORDERS} orders to ${intakeUrl} (${CONCURRENCY} at a time); ${skus[0]} has only ${stock[skus[0]]} units`,
    );
    const accepted: string[] = [];
    const refused = new Map<number, number>();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ORDERS) {
          const n = next++;
          const response = await fetch(`${intakeUrl}/orders`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              customerId: `shopper-${n % 97}`,
              currency: 'EUR',
              items: [{ sku: skus[n % 3], quantity: 1 + (n % 2) }],
            }),
          });
          const body = (await response.json()) as { orderId?: string };
          if (response.status === 202 && body.orderId) accepted.push(body.orderId);
          else refused.set(response.status, (refused.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `accepted ${accepted.length} (202) in ${seconds.toFixed(2)} s, refused ${ORDERS - accepted.length}` +
        (refused.size ? ` ${JSON.stringify(Object.fromEntries(refused))}` : ''),
    );

    const countStored = async () => {
      const [rows] = await db.query('SELECT COUNT(*) AS n FROM orders WHERE id IN (?)', [accepted]);
      return Number((rows as Array<{ n: number }>)[0].n);
    };
    const drainStart = performance.now();
    await waitUntil('every accepted order in MySQL', async () => (await countStored()) === accepted.length, 120_000);
    console.log(
      `all ${accepted.length} accepted orders reached MySQL ${((performance.now() - drainStart) / 1000).toFixed(2)} s after the burst`,
    );

    const [outcomes] = await db.query(
      'SELECT status, reject_reason AS reason, COUNT(*) AS n FROM orders WHERE id IN (?) GROUP BY status, reject_reason',
      [accepted],
    );
    for (const row of outcomes as Array<{ status: string; reason: string | null; n: number }>) {
      console.log(`  ${row.status}${row.reason ? ` (${row.reason})` : ''}: ${row.n}`);
    }
    const [levels] = await db.query(
      `SELECT i.sku, i.available, COALESCE(SUM(CASE WHEN o.status = 'fulfilled' THEN oi.quantity END), 0) AS sold
       FROM inventory i LEFT JOIN order_items oi ON oi.sku = i.sku LEFT JOIN orders o ON o.id = oi.order_id
       WHERE i.sku IN (?) GROUP BY i.sku, i.available`,
      [skus],
    );
    let ok = true;
    for (const row of levels as Array<{ sku: string; available: number; sold: string }>) {
      const sold = Number(row.sold);
      const exact = sold + row.available === stock[row.sku];
      ok &&= exact;
      console.log(
        `  ${row.sku}: stocked ${stock[row.sku]}, sold ${sold}, left ${row.available}${exact ? '' : '  <-- MISMATCH'}`,
      );
    }
    console.log(ok ? 'PASS: every accepted order stored once, no SKU oversold' : 'FAIL: stock does not add up');
    if (!ok) process.exitCode = 1;
    if (TRACE && accepted.length > 0) await printTrace(accepted[0]);
  } finally {
    await db.end();
  }
}

/** One demo order's journey as `npm run trace` shows it, once the log-sink has stored its steps. */
async function printTrace(orderId: string): Promise<void> {
  const { opensearchUrl, logIndexPrefix } = loadLogToolConfig();
  const store = new LogStore({ url: opensearchUrl, indexPrefix: logIndexPrefix });
  try {
    const trace = await waitFor(
      `the steps of order ${orderId} in the log store (see .stack/logs/log-sink.log)`,
      async () => {
        const found = orderTrace(orderId, await store.orderJourney(orderId), new Date());
        return found.state === 'stored' && found.lines.some((line) => line.endsWith(' accepted')) && found;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    console.log(`\nthe journey of one of them (npm run trace -- ${orderId}):`);
    for (const line of trace.lines) console.log(line);
  } finally {
    await store.close();
  }
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
