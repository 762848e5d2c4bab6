import type { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import type { OrderOutcomeEvent } from '@surge/contracts';
import { Registry } from 'prom-client';
import { testOutcome } from '../test-support/notifier-harness';
import { ChannelPacing } from './channel-pacing';
import type { ChannelResult, NotificationChannel } from './notification-channel';
import type { NotificationLog, NotificationRow } from './notification-log';
import { Notifier } from './notifier.service';

/**
 * A virtual clock for the rate limiters: sleeps wait until run() moves time
 * to them, in time order, so each send sees the exact time it was let go.
 */
function virtualClock() {
  let now = 0;
  const timers: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
    /** Fires timers until work settles. */
    async run<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      const done = work.finally(() => (settled = true));
      while (!settled) {
        await new Promise((resolve) => setImmediate(resolve));
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (next) {
          now = next.at;
          next.resolve();
        }
      }
      return done;
    },
  };
}

/** The notifications table in memory, with the rules the SQL keeps. */
class MemoryLog {
  readonly rows = new Map<string, NotificationRow>();

  async open(event: OrderOutcomeEvent, channel: string): Promise<NotificationRow> {
    const key = `${event.orderId}/${channel}`;
    if (!this.rows.has(key)) {
      this.rows.set(key, {
        orderId: event.orderId,
        channel,
        eventId: event.eventId,
        status: 'pending',
        attempts: 0,
        lastError: null,
        createdAt: '',
        sentAt: null,
      });
    }
    return { ...this.row(event.orderId, channel) };
  }
  async find(orderId: string, channel: string) {
    return this.rows.get(`${orderId}/${channel}`) ?? null;
  }
  async recordSent(event: OrderOutcomeEvent, channel: string) {
    Object.assign(this.row(event.orderId, channel), { status: 'sent', lastError: null });
    this.row(event.orderId, channel).attempts++;
  }
  async recordDropped(event: OrderOutcomeEvent, channel: string, reason: string) {
    Object.assign(this.row(event.orderId, channel), { status: 'dropped', lastError: reason });
  }
  async recordFailure(event: OrderOutcomeEvent, channel: string, error: Error, maxAttempts: number) {
    const row = this.row(event.orderId, channel);
    row.attempts++;
    row.lastError = error.message;
    if (row.attempts >= maxAttempts) row.status = 'failed';
    return { ...row };
  }
  async reopen(orderId: string, channel: string) {
    Object.assign(this.row(orderId, channel), { status: 'pending', attempts: 0, lastError: null });
    return true;
  }
  private row(orderId: string, channel: string): NotificationRow {
    const row = this.rows.get(`${orderId}/${channel}`);
    if (!row) throw new Error(`no row ${orderId}/${channel}`);
    return row;
  }
}

class RecordingChannel implements NotificationChannel {
  readonly sends: Array<{ orderId: string; at: number }> = [];
  failWith: string | null = null;

  constructor(
    readonly name: string,
    private readonly now: () => number,
  ) {}

  wants(): boolean {
    return true;
  }

  async send(event: OrderOutcomeEvent): Promise<ChannelResult> {
    if (this.failWith) throw new Error(this.failWith);
    this.sends.push({ orderId: event.orderId, at: this.now() });
    return 'sent';
  }
}

function setUp(rates: Record<string, number>, maxAttempts = 3) {
  const clock = virtualClock();
  const sms = new RecordingChannel('sms', clock.now);
  const email = new RecordingChannel('email', clock.now);
  const log = new MemoryLog();
  const notifier = new Notifier(
    [sms, email],
    log as unknown as NotificationLog,
    new ChannelPacing(rates, clock),
    { maxAttempts },
    new Registry(),
    // Only its pino logger is used; silent, as a passing spec is quiet.
    { logger: pino({ level: 'silent' }) } as unknown as PinoLogger,
  );
  return { clock, sms, email, log, notifier };
}

const events = (n: number) => Array.from({ length: n }, () => testOutcome());

describe('Notifier', () => {
  afterEach(() => jest.restoreAllMocks());

  it("paces each channel to its own rate: SMS at 2/s, email unlimited, in one batch's parallel sends", async () => {
    const { clock, sms, email, notifier } = setUp({ sms: 2, email: 0 });
    const batch = events(6);
    expect(await clock.run(notifier.notify(batch))).toEqual([]);
    expect(sms.sends.map((s) => s.at)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    expect(email.sends.map((s) => s.at)).toEqual([0, 0, 0, 0, 0, 0]);
    // In the order the outcomes came.
    expect(sms.sends.map((s) => s.orderId)).toEqual(batch.map((e) => e.orderId));
  });

  it('keeps to the rate across batches: the next batch waits for the schedule the last one left', async () => {
    const { clock, sms, notifier } = setUp({ sms: 4 });
    await clock.run(notifier.notify(events(2)));
    await clock.run(notifier.notify(events(2)));
    expect(sms.sends.map((s) => s.at)).toEqual([0, 250, 500, 750]);
  });

  it('retries a failing send below the maximum, then gives it up with the reason and sends nothing more', async () => {
    const { clock, sms, email, log, notifier } = setUp({}, 3);
    const [event] = events(1);
    sms.failWith = 'gateway answered 503';
    await expect(clock.run(notifier.notify([event]))).rejects.toThrow('gateway answered 503');
    await expect(clock.run(notifier.notify([event]))).rejects.toThrow('1 notification(s) failed');
    const gaveUp = await clock.run(notifier.notify([event]));
    expect(gaveUp).toEqual([{ event, channel: 'sms', reason: 'sms failed 3 time(s), last: gateway answered 503' }]);
    expect(await log.find(event.orderId, 'sms')).toMatchObject({ status: 'failed', attempts: 3 });
    // The email went out on the first try and was not repeated by the retries.
    expect(email.sends).toHaveLength(1);

    // Handled again (its dead letter not yet written): the same dead letter, no new try.
    sms.failWith = null;
    expect(await clock.run(notifier.notify([event]))).toEqual(gaveUp);
    expect(sms.sends).toHaveLength(0);
  });

  it('re-sends one channel on request, and marks it failed at once when that send fails', async () => {
    const { clock, sms, log, notifier } = setUp({});
    const [event] = events(1);
    await clock.run(notifier.notify([event]));
    expect(await clock.run(notifier.resend(event, sms))).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sms.sends).toHaveLength(2);

    sms.failWith = 'connection refused';
    expect(await clock.run(notifier.resend(event, sms))).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'connection refused',
    });
    expect((await log.find(event.orderId, 'email'))?.status).toBe('sent');
  });
});
