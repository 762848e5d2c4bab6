import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countMessages } from '@surge/kafka-testing';
import { describeInChromium, launchChromium, refusalMessage, refuseSku, uniqueName, waitFor } from '@surge/testing';
import type { Browser, Page } from 'playwright-core';
import { DrainHarness, type Drain } from '../test-support/drain-harness';

const harness = new DrainHarness();
const TOKEN = 'test-admin-token-0123456789';
/** Where the run leaves its screenshot (docs/console-screenshot.png is a copy of one). */
const CONSOLE_SCREENSHOT = join(tmpdir(), 'surge-console.png');

// Debian's chromium, installed by scripts/browser/ensure-chromium.sh (.ci/run calls it).

describeInChromium('ops console in headless chromium, against a real drain', () => {
  let browser: Browser;
  /** Pages of the running test: closed before its app, or their polling outlives it. */
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  beforeEach(() => harness.setUp({ 'SKU-1': [1_000_000, 100], 'SKU-2': [10, 100] }));
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
    await harness.tearDown();
  });
  afterAll(async () => {
    await browser?.close();
    await harness.end();
  });

  /** A tile's number as the page shows it (data-value), read from the DOM. */
  const tile = async (page: Page, id: string) => Number(await page.getAttribute(`#${id}`, 'data-value'));

  const storedCeiling = async (drain: Drain) =>
    (
      await harness.rows<{ rate: number }>('SELECT rate_per_second AS rate FROM drain_control WHERE group_id = ?', [
        drain.config.groupId,
      ])
    )[0].rate;

  async function logIn(page: Page) {
    await page.fill('#token', TOKEN);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#dashboard:not([hidden])');
  }

  async function openConsole(drain: Drain) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    pages.push(page);
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(drain.url)) foreign.push(r.url());
    });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.goto(`${drain.url}/console`);
    return { page, foreign, dialogs };
  }

  it('refuses a wrong token with an error and changes nothing', async () => {
    const drain = await harness.start({ adminToken: TOKEN, rateCeiling: 500 });
    const { page } = await openConsole(drain);
    await page.fill('#token', 'wrong-token-wrong-token');
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#login-error:has-text("refused")');
    expect(await page.isHidden('#dashboard')).toBe(true);
    expect(page.url()).not.toContain('token');
    expect(await storedCeiling(drain)).toBe(500);
  });

  it('runs a promotion: the drain follows a lowered ceiling, pause grows the backlog, resume, concurrency', async () => {
    const drain = await harness.start({
      adminToken: TOKEN,
      rateCeiling: 400,
      topicPartitions: 4,
      partitionsConcurrency: 2,
    });
    // First in its partition, so it is dead-lettered (and committed) long before the pause below counts the backlog.
    await harness.send(drain.config.ordersTopic, 'c0', Buffer.from('not an order'));
    await harness.publish(
      drain.config.ordersTopic,
      Array.from({ length: 8000 }, (_, i) => harness.order([['SKU-1', 1]], `c${i}`)),
    );
    const { page, foreign, dialogs } = await openConsole(drain);
    await logIn(page);
    expect(page.url()).not.toContain(TOKEN);

    await waitFor('the drain rate near 400/s', async () => Math.abs((await tile(page, 'measured-rate')) - 400) < 80, {
      timeoutMs: 20_000,
    });

    // Lower the ceiling from the console and time how long the measured rate takes to follow.
    await page.fill('#ceiling-input', '100');
    const changedAt = performance.now();
    await page.click('#ceiling-form button[type=submit]');
    await page.waitForSelector('#notice:has-text("Ceiling now 100/s")');
    await waitFor(
      'the drain rate to follow to 100/s',
      async () => Math.abs((await tile(page, 'measured-rate')) - 100) < 20,
      {
        timeoutMs: 20_000,
        intervalMs: 50,
      },
    );
    const followMs = Math.round(performance.now() - changedAt);
    expect(await storedCeiling(drain)).toBe(100);
    expect(followMs).toBeLessThan(10_000);

    // Pause: the backlog grows while nothing is stored.
    await page.click('#pause');
    await page.waitForSelector('#state[data-value="paused"]');
    // Once the batches in hand committed, every published order is either stored or in the backlog, and
    // stays there: a batch past the pause check before the pause still writes (its transaction invisible
    // until it commits), so counting before the instance says none is in hand could count too early.
    await waitFor('the batches in hand committed', async () => {
      const state = (await (await harness.admin(drain, 'GET', 'throttle')).json()) as {
        paused: boolean;
        batchesInHand: number;
      };
      return state.paused && state.batchesInHand === 0;
    });
    const stored = await harness.storedCount();
    expect(stored + (await harness.totalLag(drain))).toBe(8000);
    const lagAtPause = 8000 - stored;
    await harness.publish(
      drain.config.ordersTopic,
      Array.from({ length: 500 }, (_, i) => harness.order([['SKU-1', 1]], `late${i}`)),
    );
    await waitFor(
      'the backlog to show the 500 new orders',
      async () => (await tile(page, 'total-lag')) === lagAtPause + 500,
    );
    expect(await harness.storedCount()).toBe(stored);
    expect(await tile(page, 'oldest-age')).toBeGreaterThan(0); // orders wait, and the console says how long

    await page.click('#resume');
    await page.waitForSelector('#state[data-value="draining"]');
    await waitFor('draining again', async () => (await tile(page, 'measured-rate')) > 50);

    // Concurrency: the member reports the new setting once its run loop restarted.
    await page.fill('#concurrency-input', '3');
    await page.click('#settings-form button[type=submit]');
    await page.waitForSelector('#notice:has-text("3 partitions at once")');
    await waitFor('the member to run 3 partitions at once', async () => {
      const cells = await page.$$eval('#members tbody tr td:nth-child(7)', (tds) => tds.map((td) => td.textContent));
      return cells.length === 1 && cells[0] === '3';
    });

    // A bad value shows the API's own message and changes nothing.
    await page.fill('#concurrency-input', '0');
    await page.click('#settings-form button[type=submit]');
    await page.waitForSelector('#error:has-text("partitionsConcurrency must not be less than 1")');

    // Stock is adjusted, not overwritten (SKU-2 is in no order, so nothing else moves it).
    await page.fill('#sku-input', 'SKU-2');
    await page.fill('#delta-input', '250');
    await page.click('#stock-form button[type=submit]');
    await page.waitForSelector('#notice:has-text("SKU-2: 260 available")');
    expect(await harness.available('SKU-2')).toBe(260);

    // A schedule with overlapping windows is refused with the API's message and stored nowhere.
    await page.fill(
      '#schedule-input',
      JSON.stringify({
        timeZone: 'UTC',
        windows: [
          { from: '10:00', to: '12:00', ratePerSecond: 100 },
          { from: '11:00', to: '13:00', ratePerSecond: 200 },
        ],
        otherwiseRatePerSecond: 0,
      }),
    );
    await page.click('#schedule-form button[type=submit]');
    await page.waitForSelector('#error:has-text("windows[0] and windows[1] overlap")');
    const [{ schedule }] = await harness.rows<{ schedule: string | null }>(
      'SELECT schedule FROM drain_control WHERE group_id = ?',
      [drain.config.groupId],
    );
    expect(schedule).toBeNull();

    await waitFor('the poison message counted', async () => (await tile(page, 'dlq-count')) === 1);
    await page.locator('#dlq-table tbody tr', { hasText: 'value is not JSON' }).waitFor();
    expect(await page.$$('#chart-rate canvas')).not.toHaveLength(0);
    expect(await page.$$('#chart-backlog canvas')).not.toHaveLength(0);
    expect(dialogs.length).toBeGreaterThanOrEqual(7); // every change asked first
    expect(foreign).toEqual([]);
    await page.screenshot({ path: CONSOLE_SCREENSHOT, fullPage: true });
  });

  it('shows refused and poison messages in the DLQ, refuses a bad range, re-drives a fixed order once', async () => {
    const refusedSku = uniqueName('REFUSED');
    await harness.pool.query('INSERT INTO inventory (sku, available, price_cents) VALUES (?, 10, 500)', [refusedSku]);
    let allow: (() => Promise<void>) | null = await refuseSku(harness.pool, refusedSku);
    try {
      const drain = await harness.start({ adminToken: TOKEN, topicPartitions: 1 });
      const culprit = harness.order([[refusedSku, 2]], 'customer-refused');
      await harness.publish(drain.config.ordersTopic, [harness.order([['SKU-1', 1]]), culprit]);
      await harness.send(drain.config.ordersTopic, 'customer-poison', Buffer.from('{"not":"an order"'));
      const { page, foreign, dialogs } = await openConsole(drain);
      await logIn(page);

      await waitFor('the DLQ tile to count both', async () => (await tile(page, 'dlq-count')) === 2);
      const rows = page.locator('#dlq-table tbody tr');
      const refused = rows.filter({ hasText: refusalMessage(refusedSku) });
      const poison = rows.filter({ hasText: 'value is not JSON' });
      await refused.waitFor();
      await poison.waitFor();
      expect(await rows.count()).toBe(2);
      const cells = await refused.locator('td').allTextContents();
      expect(cells.slice(1, 3)).toEqual(['0@1', culprit.orderId]); // source partition@offset, order
      expect(cells[3]).toContain('database refused the order');
      expect(Date.now() - Date.parse(cells[4])).toBeLessThan(120_000);
      expect((await poison.locator('td').allTextContents()).slice(1, 3)).toEqual(['0@2', '-']);
      expect(await harness.storedCount()).toBe(1);

      // A range the API refuses shows its message and re-drives nothing.
      await page.fill('#redrive-partition', '0');
      await page.fill('#redrive-from', '5');
      await page.fill('#redrive-to', '2');
      await page.click('#redrive-form button[type=submit]');
      await page.waitForSelector('#error:has-text("from is past to")');
      expect(await countMessages(harness.kafka, drain.config.ordersTopic)).toBe(3);

      // A poison message re-driven is refused again: a new dead letter, and the list grows.
      await poison.locator('button').click();
      await page.waitForSelector('#notice:has-text("Re-drove 1 dead letter(s)")');
      await waitFor('the DLQ tile to count the poison again', async () => (await tile(page, 'dlq-count')) === 3);
      await waitFor('the list to show it', async () => (await poison.count()) === 2);

      // The fix (the trigger dropped), then the re-drive of the chosen dead letter.
      await allow();
      allow = null;
      const at = `${await refused.getAttribute('data-partition')}:${await refused.getAttribute('data-offset')}`;
      await refused.locator('button').click();
      await page.waitForSelector(
        `#notice:has-text("Re-drove 1 dead letter(s) into ${drain.config.ordersTopic}: ${at}")`,
      );
      await waitFor('the re-driven order stored', async () => (await harness.timesStored(culprit.orderId)) === 1);

      // Re-driving it again, as a range, stores nothing twice: the drain skips an order already stored.
      const [partition, offset] = at.split(':');
      await page.fill('#redrive-partition', partition);
      await page.fill('#redrive-from', offset);
      await page.fill('#redrive-to', offset);
      await page.click('#redrive-form button[type=submit]');
      await page.waitForSelector(
        `#notice:has-text("Re-drove 1 dead letter(s) into ${drain.config.ordersTopic}: ${at}.")`,
      );
      await waitFor('every re-drive consumed', async () => (await harness.totalLag(drain)) === 0);
      expect(await countMessages(harness.kafka, drain.config.ordersTopic)).toBe(6);
      expect(await harness.timesStored(culprit.orderId)).toBe(1);
      expect(await harness.storedCount()).toBe(2);
      expect(await harness.available(refusedSku)).toBe(10 - 2);
      expect(await countMessages(harness.kafka, drain.config.deadLetterTopic)).toBe(3);
      expect(await tile(page, 'dlq-count')).toBe(3);
      expect(dialogs).toHaveLength(4); // the refused range asked too: the API, not the page, judges it
      expect(foreign).toEqual([]);
    } finally {
      await allow?.();
    }
  });
});
