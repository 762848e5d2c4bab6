import { waitFor } from '@surge/testing';
import { DrainHarness, type Drain } from '../test-support/drain-harness';

const harness = new DrainHarness();
const TOKEN = 'test-admin-token-0123456789';

beforeEach(() => harness.setUp({ 'SKU-1': [100, 1999] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

interface Stock {
  available: number;
  version: number;
}

async function stockOf(drain: Drain): Promise<{ stock: Stock; etag: string }> {
  const response = await harness.admin(drain, 'GET', 'inventory/SKU-1');
  expect(response.status).toBe(200);
  return { stock: (await response.json()) as Stock, etag: response.headers.get('etag') ?? '' };
}

const adjust = (drain: Drain, delta: unknown) =>
  harness.admin(drain, 'POST', 'inventory/SKU-1/adjust', { body: { delta } });

const putIfMatch = (drain: Drain, available: number, etag: string) =>
  harness.admin(drain, 'PUT', 'inventory/SKU-1', {
    body: { available, priceCents: 1999 },
    headers: { 'if-match': etag },
  });

const fulfilledUnits = async () => {
  const [row] = await harness.rows<{ n: string }>(
    `SELECT COALESCE(SUM(i.quantity), 0) AS n FROM order_items i JOIN orders o ON o.id = i.order_id
     WHERE o.status = 'fulfilled' AND i.sku = 'SKU-1'`,
  );
  return Number(row.n);
};

describe('POST /admin/inventory/:sku/adjust', () => {
  it('adds and takes away units, and answers 409 below zero, changing nothing', async () => {
    const drain = await harness.start({ adminToken: TOKEN });
    const up = await adjust(drain, 50);
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ sku: 'SKU-1', available: 150 });
    expect(up.headers.get('etag')).toBe((await stockOf(drain)).etag);
    expect(await (await adjust(drain, -149)).json()).toMatchObject({ available: 1 });

    const refused = await adjust(drain, -2);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('below zero');
    expect(await harness.available('SKU-1')).toBe(1);
    expect((await adjust(drain, 2_000_000_000)).status).toBe(409);
    expect(await harness.available('SKU-1')).toBe(1);
  });

  it('answers 400 naming delta for bad bodies and 404 for an unknown SKU, changing nothing', async () => {
    const drain = await harness.start({ adminToken: TOKEN });
    for (const delta of [0, 1.5, '10', null, 3_000_000_000]) {
      const response = await adjust(drain, delta);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('delta');
    }
    expect((await harness.admin(drain, 'POST', 'inventory/NOPE/adjust', { body: { delta: 5 } })).status).toBe(404);
    expect(
      (await harness.admin(drain, 'POST', 'inventory/SKU-1/adjust', { body: { delta: 5 }, token: 'x' })).status,
    ).toBe(401);
    expect(await harness.available('SKU-1')).toBe(100);
    expect((await harness.rows('SELECT sku FROM inventory')).length).toBe(1);
  });

  it('loses no adjustment among concurrent ones', async () => {
    const drain = await harness.start({ adminToken: TOKEN });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => adjust(drain, i % 2 === 0 ? 3 : -1)));
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    expect(await harness.available('SKU-1')).toBe(100 + 20 * 3 - 20);
  });
});

describe('conditional PUT /admin/inventory/:sku', () => {
  it('answers 412 when a sale changed the stock since it was read, and sells nothing twice', async () => {
    const drain = await harness.start({ adminToken: TOKEN });
    const read = await stockOf(drain);
    expect(read.stock.available).toBe(100);

    await harness.publish(
      drain.config.ordersTopic,
      Array.from({ length: 30 }, () => harness.order([['SKU-1', 1]])),
    );
    await waitFor('the 30 orders stored', async () => (await harness.storedCount()) === 30);

    // "Read 100, 30 sold meanwhile, write 150 meaning +50" must not go through.
    const stale = await putIfMatch(drain, 150, read.etag);
    expect(stale.status).toBe(412);
    expect(await stale.text()).toContain('changed since it was read');
    expect(await harness.available('SKU-1')).toBe(70);

    const fresh = await stockOf(drain);
    const put = await putIfMatch(drain, fresh.stock.available + 50, fresh.etag);
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).not.toBe(fresh.etag);
    expect(await harness.available('SKU-1')).toBe(120);
    expect((await putIfMatch(drain, 1, fresh.etag)).status).toBe(412);
    for (const etag of ['W/"1"', 'garbage']) expect((await putIfMatch(drain, 1, etag)).status).toBe(412);
    expect(await harness.available('SKU-1')).toBe(120);
    expect(await fulfilledUnits()).toBe(30);
  });

  it('keeps sold + left = stocked + restocked while ops adjust and PUT during a drain', async () => {
    await harness.pool.query('UPDATE inventory SET available = 1000');
    const drain = await harness.start({ adminToken: TOKEN, rateCeiling: 400 });
    const orders = 600;
    await harness.publish(
      drain.config.ordersTopic,
      Array.from({ length: orders }, () => harness.order([['SKU-1', 1]])),
    );

    // Restock by +10 in both ways until the drain is done. Every other PUT
    // waits for a sale after its read, so some are sure to be stale.
    let restocked = 0;
    let refusedPuts = 0;
    for (let round = 0; (await harness.storedCount()) < orders; round++) {
      const adjusted = await adjust(drain, 10);
      expect(adjusted.status).toBe(200);
      restocked += 10;
      const { stock, etag } = await stockOf(drain);
      const storedAtRead = await harness.storedCount();
      const stale = round % 2 === 1 && storedAtRead < orders;
      if (stale) await waitFor('a sale after the read', async () => (await harness.storedCount()) > storedAtRead);
      const put = await putIfMatch(drain, stock.available + 10, etag);
      if (stale) expect(put.status).toBe(412);
      expect([200, 412]).toContain(put.status);
      if (put.status === 200) restocked += 10;
      else refusedPuts++;
    }
    expect(await fulfilledUnits()).toBe(orders);
    expect(await harness.available('SKU-1')).toBe(1000 + restocked - orders);
    expect(refusedPuts).toBeGreaterThan(0);
  });
});
