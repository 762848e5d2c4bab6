import { metricValue, waitFor } from '@surge/testing';
import type { GroupView } from '../drain/drain-control.service';
import { DrainHarness, type Drain } from '../test-support/drain-harness';

const harness = new DrainHarness();

beforeEach(() => harness.setUp({ 'SKU-1': [1_000_000, 100] }));
afterEach(() => harness.tearDown());
afterAll(() => harness.end());

const TOKEN = 'test-admin-token-0123456789';

const admin = (drain: Drain, method: string, path: string, body?: unknown) =>
  harness.admin(drain, method, path, { body });

const start = (overrides: Parameters<DrainHarness['start']>[0] = {}) =>
  harness.start({ adminToken: TOKEN, ...overrides });

const group = async (drain: Drain) => (await (await admin(drain, 'GET', 'group')).json()) as GroupView;

const storedSettings = async (drain: Drain) =>
  (
    await harness.rows<{ partitionsConcurrency: number; batchSize: number }>(
      `SELECT partitions_concurrency AS partitionsConcurrency, batch_size AS batchSize
       FROM drain_control WHERE group_id = ?`,
      [drain.config.groupId],
    )
  )[0];

/** "HH:MM" in UTC, `minutes` from now. */
const utcTime = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString().slice(11, 16);

describe('drain settings at run time', () => {
  it('answers 400 naming the field for bad settings and changes nothing', async () => {
    const drain = await start({ partitionsConcurrency: 2, batchSize: 100 });
    const cases: Array<[unknown, string]> = [
      [{ partitionsConcurrency: 0 }, 'partitionsConcurrency'],
      [{ partitionsConcurrency: 2.5 }, 'partitionsConcurrency'],
      [{ batchSize: 'big' }, 'batchSize'],
      [{ batchSize: 100_000 }, 'batchSize'],
      [{ threads: 4 }, 'threads'],
      [{}, 'partitionsConcurrency or batchSize'],
    ];
    for (const [body, field] of cases) {
      const response = await admin(drain, 'PATCH', 'drain', body);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(field);
    }
    expect(await storedSettings(drain)).toEqual({ partitionsConcurrency: 2, batchSize: 100 });
    expect((await group(drain)).members[0].settings).toEqual({ partitionsConcurrency: 2, batchSize: 100 });
  });

  it('restarts the run loop mid-drain with the new concurrency: nothing lost, nothing done twice', async () => {
    const drain = await start({ rateCeiling: 400, topicPartitions: 4, partitionsConcurrency: 1 });
    const total = 2000;
    await harness.publish(
      drain.config.ordersTopic,
      Array.from({ length: total }, (_, i) => harness.order([['SKU-1', 1]], `c${i}`)),
    );
    await waitFor('draining to start', async () => (await harness.storedCount()) >= 200);

    const changedAt = performance.now();
    const response = await admin(drain, 'PATCH', 'drain', { partitionsConcurrency: 3, batchSize: 25 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ partitionsConcurrency: 3, batchSize: 25 });
    await waitFor('the member to run with the new settings', async () => {
      const [member] = (await group(drain)).members;
      return member?.settings.partitionsConcurrency === 3 && member.settings.batchSize === 25;
    });
    const appliedMs = performance.now() - changedAt;
    expect(await harness.storedCount()).toBeLessThan(total); // changed while draining, not after

    await waitFor('every order stored', async () => (await harness.storedCount()) === total, { timeoutMs: 30_000 });
    await waitFor('the backlog to reach zero', async () => (await harness.totalLag(drain)) === 0);
    const [{ distinct }] = await harness.rows<{ distinct: number }>(
      'SELECT COUNT(DISTINCT id) AS `distinct` FROM orders',
    );
    expect(distinct).toBe(total);
    expect(await harness.available('SKU-1')).toBe(1_000_000 - total);
    // Every order went through the writer once: nothing of a batch in hand was read again after the restart.
    expect(await metricValue(drain.url, 'surge_fulfillment_batch_orders_sum')).toBe(total);
    expect(appliedMs).toBeLessThan(15_000);
  });

  it('lists every member of the group with its partitions, share and settings, and both follow a change', async () => {
    const first = await start({ rateCeiling: 1000, topicPartitions: 4 });
    const { ordersTopic, deadLetterTopic, groupId } = first.config;
    const second = await start({ rateCeiling: 1000, ordersTopic, deadLetterTopic, groupId });
    const view = await waitFor('both members with two partitions each', async () => {
      const body = await group(second);
      return body.members.length === 2 && body.members.every((m) => m.partitions.length === 2) ? body : false;
    });
    expect(view.members.flatMap((m) => m.partitions).sort()).toEqual([0, 1, 2, 3]);
    for (const member of view.members) {
      expect(member).toMatchObject({ share: 0.5, instanceCeiling: 500, effectiveRate: 500, paused: false });
      expect(member.host.length).toBeGreaterThan(0);
    }

    expect((await admin(first, 'PATCH', 'drain', { partitionsConcurrency: 2 })).status).toBe(200);
    await waitFor(
      'both members to run with 2 partitions at once',
      async () => {
        const { members } = await group(second);
        return members.length === 2 && members.every((m) => m.settings.partitionsConcurrency === 2);
      },
      { timeoutMs: 20_000 },
    );
  });
});

describe('off-peak schedule', () => {
  it('refuses overlapping windows and an unknown time zone, naming them, and changes nothing', async () => {
    const drain = await start({ rateCeiling: 500 });
    const cases: Array<[unknown, string]> = [
      [
        {
          timeZone: 'Europe/Berlin',
          windows: [
            { from: '10:00', to: '22:00', ratePerSecond: 200 },
            { from: '21:00', to: '23:00', ratePerSecond: 100 },
          ],
          otherwiseRatePerSecond: 0,
        },
        'windows[0] and windows[1] overlap',
      ],
      [{ timeZone: 'Europe/Atlantis', windows: [], otherwiseRatePerSecond: 0 }, 'timeZone'],
      [
        { timeZone: 'UTC', windows: [{ from: '25:00', to: '01:00', ratePerSecond: 1 }], otherwiseRatePerSecond: 0 },
        'from',
      ],
      [{ timeZone: 'UTC', windows: [], otherwiseRatePerSecond: -5 }, 'otherwiseRatePerSecond'],
    ];
    for (const [body, field] of cases) {
      const response = await admin(drain, 'PUT', 'schedule', body);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(field);
    }
    const state = await (await admin(drain, 'GET', 'throttle')).json();
    expect(state).toMatchObject({ groupCeiling: 500, ceiling: { source: 'manual', schedule: null } });
  });

  it('follows the window in force, shows the next one, and yields to a manual ceiling until it is cleared', async () => {
    const drain = await start({ rateCeiling: 500 });
    const schedule = {
      timeZone: 'UTC',
      windows: [{ from: utcTime(-60), to: utcTime(60), ratePerSecond: 123 }],
      otherwiseRatePerSecond: 0,
    };
    const set = await admin(drain, 'PUT', 'schedule', schedule);
    expect(set.status).toBe(200);
    const state = (await set.json()) as {
      groupCeiling: number;
      ceiling: { source: string; activeWindow: { endsAt: string }; nextWindow: { beginsAt: string } };
    };
    expect(state).toMatchObject({ groupCeiling: 123, ceiling: { source: 'schedule', schedule } });
    expect(Date.parse(state.ceiling.activeWindow.endsAt) - Date.now()).toBeGreaterThan(58 * 60_000);
    expect(Date.parse(state.ceiling.nextWindow.beginsAt) - Date.now()).toBeGreaterThan(22 * 3600_000);

    expect(await (await admin(drain, 'PATCH', 'throttle', { ratePerSecond: 456 })).json()).toMatchObject({
      groupCeiling: 456,
      ceiling: { source: 'manual', overridesSchedule: true },
    });
    expect(await (await admin(drain, 'DELETE', 'throttle/override')).json()).toMatchObject({
      groupCeiling: 123,
      ceiling: { source: 'schedule', overridesSchedule: false },
    });
    expect(await (await admin(drain, 'DELETE', 'schedule')).json()).toMatchObject({
      groupCeiling: 456,
      ceiling: { source: 'manual', schedule: null },
    });
  });
});
