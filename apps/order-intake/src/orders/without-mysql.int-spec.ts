import { parseOrderEvent } from '@surge/contracts';
import { readTopic } from '@surge/kafka-testing';
import { mysqlPool, TcpProxy, testStack, waitFor } from '@surge/testing';
import { kafka, post, startOnNewTopic, stop, validOrder, type Intake } from '../test-support/intake-harness';

/** MySQL reached through a proxy the test cuts: a real network failure, the shared server untouched. */
const pool = mysqlPool();
let proxy: TcpProxy;
let proxiedUrl: string;
let intake: Intake;

beforeAll(async () => {
  ({ proxy, url: proxiedUrl } = await TcpProxy.before(testStack.mysqlUrl));
});

afterAll(async () => {
  await proxy.stop();
  await pool.end();
});

afterEach(async () => {
  if (intake) await stop(intake);
});

async function lookUp(id: string): Promise<Response> {
  return fetch(`${intake.url}/orders/${id}`);
}

/** An order row written straight into MySQL, as fulfillment would store it. */
async function storeOrder(id: string): Promise<void> {
  await pool.query(
    `INSERT INTO orders (id, customer_id, currency, status, reject_reason, total_cents, placed_at)
     VALUES (?, 'customer-1', 'EUR', 'fulfilled', NULL, 0, NOW(3))`,
    [id],
  );
}

describe('intake without MySQL', () => {
  it('boots, turns ready and accepts orders while MySQL is unreachable', async () => {
    proxy.down();
    const refusedBefore = proxy.refused;
    intake = await startOnNewTopic({ mysqlUrl: proxiedUrl });

    expect((await fetch(`${intake.url}/health/ready`)).status).toBe(200);
    const response = await post(intake.url, JSON.stringify(validOrder));
    expect(response.status).toBe(202);
    const { orderId } = (await response.json()) as { orderId: string };
    const [message] = await readTopic(kafka, intake.topic);
    expect(parseOrderEvent(message.value).orderId).toBe(orderId);

    const lookup = await lookUp(orderId);
    expect(lookup.status).toBe(503);
    expect(Number(lookup.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(proxy.refused).toBeGreaterThan(refusedBefore);
    proxy.up();
  });

  it('answers 503 with Retry-After while MySQL is cut, and reads again by itself once it is back', async () => {
    proxy.up();
    intake = await startOnNewTopic({ mysqlUrl: proxiedUrl });
    const { orderId } = (await (await post(intake.url, JSON.stringify(validOrder))).json()) as { orderId: string };
    expect((await lookUp(orderId)).status).toBe(404);
    await storeOrder(orderId);
    try {
      expect((await lookUp(orderId)).status).toBe(200);

      proxy.down();
      const cut = await lookUp(orderId);
      expect(cut.status).toBe(503);
      expect(Number(cut.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await post(intake.url, JSON.stringify(validOrder))).status).toBe(202);

      proxy.up();
      const back = await waitFor('GET /orders/:id to answer 200 again', async () => {
        const again = await lookUp(orderId);
        return again.status === 200 ? ((await again.json()) as { orderId: string }) : false;
      });
      expect(back.orderId).toBe(orderId);
    } finally {
      await pool.query('DELETE FROM orders WHERE id = ?', [orderId]);
    }
  });
});
