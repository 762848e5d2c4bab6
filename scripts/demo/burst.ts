import { randomUUID } from 'node:crypto';
import { createPool, type Pool } from 'mysql2/promise';
import { DEFAULT_MAILDEV_URL, envReader, MailDevApi } from '@surge/config';
import { LogStore } from '@surge/log-store';
import { HttpReceiver, waitFor } from '@surge/testing';
import { loadFulfillmentConfig } from '../../apps/fulfillment/src/config';
import { orderTrace } from '../../apps/log-sink/src/cli/order-trace';
import { loadLogToolConfig } from '../../apps/log-sink/src/config';
import { loadNotifierConfig } from '../../apps/notifier/src/config';
import { loadIntakeConfig } from '../../apps/order-intake/src/config';
import { demoWebhookPort } from './demo-storefront';

/**
 * The demo's client side: runs the stand-in storefront's webhook endpoint,
 * waits for the three apps, stocks a few SKUs, posts a burst of orders (each
 * with a contact email) concurrently, then follows them into MySQL and checks
 * the invariants: every 202 stored exactly once, nothing else stored, no SKU
 * oversold; and then the notifications: one mail in MailDev and one webhook
 * per order.
 */
// Read as the apps read them, so the burst goes where demo.sh started them.
const intakeUrl = `http://127.0.0.1:${loadIntakeConfig().port}`;
const { port: fulfillmentPort, mysqlUrl } = loadFulfillmentConfig();
const fulfillmentUrl = `http://127.0.0.1:${fulfillmentPort}`;
const notifierUrl = `http://127.0.0.1:${loadNotifierConfig().port}`;
// Validated like the apps' variables: DEMO_ORDERS=abc stops the demo naming it, not with an empty burst.
const ORDERS = envReader(process.env)('DEMO_ORDERS').default('500').asCount();
const maildev = new MailDevApi(envReader(process.env)('MAILDEV_URL').default(DEFAULT_MAILDEV_URL).asUrlString());
const CONCURRENCY = 50;
// demo.sh passes --trace when the log stack is up and it started the log-sink.
const TRACE = process.argv.includes('--trace');

const waitUntil = (what: string, check: () => Promise<boolean>, timeoutMs: number) =>
  waitFor(what, check, { timeoutMs, intervalMs: 250 });

const ready = (url: string) => async () => (await fetch(`${url}/health/ready`)).ok;

async function main(): Promise<void> {
  const storefront = await HttpReceiver.start('/surge-webhooks', demoWebhookPort());
  try {
    await burst(storefront);
  } finally {
    await storefront.stop();
  }
}

async function burst(storefront: HttpReceiver): Promise<void> {
  await waitUntil('order-intake (see .stack/logs/order-intake.log)', ready(intakeUrl), 60_000);
  await waitUntil('fulfillment (see .stack/logs/fulfillment.log)', ready(fulfillmentUrl), 60_000);
  await waitUntil('notifier (see .stack/logs/notifier.log)', ready(notifierUrl), 60_000);

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
              contact: { email: emailOf(run, n) },
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
    const told = await notifications(db, storefront, accepted, run);
    ok &&= told;
    console.log(
      ok
        ? 'PASS: every accepted order stored once, no SKU oversold, every shopper mailed once and every outcome posted once'
        : 'FAIL: see the lines marked above',
    );
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

/** One address per order of the run, so the mails of this run can be told apart in a shared MailDev. */
function emailOf(run: string, n: number): string {
  return `demo-${run}-${n}@example.com`;
}

/**
 * Waits until the notifier recorded an email and a webhook for every accepted
 * order, then counts what MailDev and the stand-in storefront received.
 */
async function notifications(db: Pool, storefront: HttpReceiver, accepted: string[], run: string): Promise<boolean> {
  const started = performance.now();
  const settled = async () => {
    const [rows] = await db.query(
      "SELECT COUNT(*) AS n FROM notifications WHERE order_id IN (?) AND status = 'sent' AND channel IN ('email', 'webhook')",
      [accepted],
    );
    return Number((rows as Array<{ n: number }>)[0].n) === accepted.length * 2;
  };
  await waitUntil('an email and a webhook recorded for every order (see .stack/logs/notifier.log)', settled, 120_000);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);

  // Every address of the burst: a refused order's address must have no mail, so it counts for nothing.
  const addresses = Array.from({ length: ORDERS }, (_, n) => emailOf(run, n));
  const mailCounts = await maildev.countTo(addresses);
  const mailed = [...mailCounts.values()].filter((c) => c > 0).length;
  const mailedTwice = [...mailCounts.values()].filter((c) => c > 1).length;
  const ids = new Set(accepted);
  const posted = new Map<string, number>();
  for (const request of storefront.received) {
    const orderId = (JSON.parse(request.body) as { orderId?: string }).orderId;
    if (orderId && ids.has(orderId)) posted.set(orderId, (posted.get(orderId) ?? 0) + 1);
  }
  const postedTwice = [...posted.values()].filter((c) => c > 1).length;
  console.log(`notifications recorded for all ${accepted.length} orders ${seconds} s after they were stored`);
  console.log(
    `  emails delivered: ${mailed} of ${accepted.length}${mailedTwice ? `, ${mailedTwice} twice  <-- MISMATCH` : ''}`,
  );
  console.log(
    `  webhooks delivered: ${posted.size} of ${accepted.length}${postedTwice ? `, ${postedTwice} twice  <-- MISMATCH` : ''}`,
  );
  console.log(`  read the confirmation mails at ${maildev.url}`);
  return mailed === accepted.length && mailedTwice === 0 && posted.size === accepted.length && postedTwice === 0;
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
