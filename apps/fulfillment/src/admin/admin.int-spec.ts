import { uniqueName, waitFor } from '@surge/testing';
import { DrainHarness, type Drain } from '../test-support/drain-harness';

const harness = new DrainHarness();
const TOKEN = 'test-admin-token-0123456789';

beforeEach(() => harness.setUp({ 'SKU-1': [100, 1999] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

function admin(drain: Drain, method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  return harness.admin(drain, method, path, { body, token });
}

const groupRate = async (drain: Drain) =>
  (
    await harness.rows<{ rate: number }>('SELECT rate_per_second AS rate FROM drain_control WHERE group_id = ?', [
      drain.config.groupId,
    ])
  )[0].rate;

describe('admin API', () => {
  it('does not exist when no token is configured', async () => {
    const drain = await harness.start({ adminToken: undefined });
    expect((await admin(drain, 'GET', 'throttle')).status).toBe(404);
  });

  it('answers 401 to a missing or wrong token and changes nothing', async () => {
    const drain = await harness.start({ adminToken: TOKEN, rateCeiling: 500 });
    for (const token of [null, 'wrong-token-wrong-token', `${TOKEN}x`]) {
      const response = await admin(drain, 'PATCH', 'throttle', { ratePerSecond: 5 }, token);
      expect(response.status).toBe(401);
    }
    expect((await admin(drain, 'PUT', 'inventory/SKU-1', { available: 1, priceCents: 1 }, 'nope')).status).toBe(401);
    expect(await groupRate(drain)).toBe(500);
    expect(await harness.available('SKU-1')).toBe(100);
  });

  it('answers 400 naming the field for bad bodies and changes nothing', async () => {
    const drain = await harness.start({ adminToken: TOKEN, rateCeiling: 500 });
    for (const body of [{ ratePerSecond: -1 }, { ratePerSecond: 'fast' }, { ratePerSecond: 1.5 }, {}]) {
      const response = await admin(drain, 'PATCH', 'throttle', body);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('ratePerSecond');
    }
    const bad = await admin(drain, 'PUT', 'inventory/SKU-1', { available: -3, priceCents: 100 });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('available');
    expect((await admin(drain, 'PUT', 'inventory/bad%20sku', { available: 1, priceCents: 1 })).status).toBe(400);
    expect(await groupRate(drain)).toBe(500);
    expect(await harness.available('SKU-1')).toBe(100);
  });

  it('sets the group ceiling, for this instance and in the shared row', async () => {
    const drain = await harness.start({ adminToken: TOKEN, rateCeiling: 500 });
    const response = await admin(drain, 'PATCH', 'throttle', { ratePerSecond: 1200 });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ groupCeiling: 1200, paused: false });
    expect(await groupRate(drain)).toBe(1200);
    expect(await (await admin(drain, 'GET', 'throttle')).json()).toMatchObject({ groupCeiling: 1200 });
  });

  it('stocks a SKU and reads it back', async () => {
    const drain = await harness.start({ adminToken: TOKEN });
    const sku = uniqueName('PROMO');
    expect((await admin(drain, 'GET', `inventory/${sku}`)).status).toBe(404);
    const put = await admin(drain, 'PUT', `inventory/${sku}`, { available: 2000, priceCents: 4999 });
    expect(put.status).toBe(200);
    expect(await (await admin(drain, 'GET', `inventory/${sku}`)).json()).toEqual({
      sku,
      available: 2000,
      priceCents: 4999,
      version: 1,
    });
  });

  it('pauses draining, reports the backlog, and drains it all after resume', async () => {
    const drain = await harness.start({ adminToken: TOKEN, topicPartitions: 2 });
    expect(await (await admin(drain, 'POST', 'pause')).json()).toMatchObject({ paused: true });
    await harness.publish(
      drain.config.ordersTopic,
      Array.from({ length: 30 }, () => harness.order([['SKU-1', 1]])),
    );

    const backlog = await waitFor('the backlog to show the 30 orders', async () => {
      const body = (await (await admin(drain, 'GET', 'backlog')).json()) as { totalLag: number; partitions: unknown[] };
      return body.totalLag === 30 ? body : false;
    });
    expect(backlog.partitions).toHaveLength(2);
    expect(await harness.storedCount()).toBe(0);

    expect(await (await admin(drain, 'POST', 'resume')).json()).toMatchObject({ paused: false });
    await waitFor('every order stored after resume', async () => (await harness.storedCount()) === 30);
    await waitFor('the backlog to reach zero', async () => {
      const body = (await (await admin(drain, 'GET', 'backlog')).json()) as { totalLag: number; etaSeconds: number };
      return body.totalLag === 0 && body.etaSeconds === 0;
    });
  });
});

describe('group rate ceiling', () => {
  it('holds two instances together to the ceiling, not twice it', async () => {
    const ceiling = 100;
    const first = await harness.start({ adminToken: TOKEN, rateCeiling: ceiling, topicPartitions: 4 });
    const { ordersTopic, deadLetterTopic, groupId } = first.config;
    const second = await harness.start({
      adminToken: TOKEN,
      rateCeiling: ceiling,
      ordersTopic,
      deadLetterTopic,
      groupId,
    });
    await waitFor('both instances to hold half the partitions', async () => {
      const shares = await Promise.all(
        [first, second].map(
          async (d) => ((await (await admin(d, 'GET', 'throttle')).json()) as { share: number }).share,
        ),
      );
      return shares.every((share) => share === 0.5);
    });
    await harness.publish(
      ordersTopic,
      Array.from({ length: 1000 }, (_, i) => harness.order([['SKU-1', 0 + 1]], `c${i}`)),
    );
    await harness.pool.query('UPDATE inventory SET available = 100000');

    // Measure after the first second's burst allowance is spent.
    await waitFor('draining to start', async () => (await harness.storedCount()) >= 150);
    const from = { at: performance.now(), count: await harness.storedCount() };
    await waitFor('600 more orders', async () => (await harness.storedCount()) >= from.count + 600, {
      timeoutMs: 30_000,
    });
    const rate = ((await harness.storedCount()) - from.count) / ((performance.now() - from.at) / 1000);
    expect(rate).toBeGreaterThan(ceiling * 0.7);
    expect(rate).toBeLessThan(ceiling * 1.2);
  });
});
