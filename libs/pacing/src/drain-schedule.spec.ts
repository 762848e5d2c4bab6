import { ceilingInForce, scheduledCeiling, scheduleProblems, type DrainSchedule } from './drain-schedule';

const sale: DrainSchedule = {
  timeZone: 'Europe/Berlin',
  windows: [{ from: '10:00', to: '22:00', ratePerSecond: 200 }],
  otherwiseRatePerSecond: 0,
};

describe('scheduledCeiling', () => {
  it('applies the window inside it and says when it ends and when the next begins (winter, UTC+1)', () => {
    const now = new Date('2026-01-15T12:30:00Z'); // 13:30 in Berlin
    const at = scheduledCeiling(sale, now);
    expect(at.ratePerSecond).toBe(200);
    expect(at.window).toEqual(sale.windows[0]);
    expect(at.windowEndsAt?.toISOString()).toBe('2026-01-15T21:00:00.000Z');
    expect(at.nextWindowAt?.toISOString()).toBe('2026-01-16T09:00:00.000Z');
  });

  it('applies the otherwise ceiling outside every window (summer, UTC+2)', () => {
    const now = new Date('2026-07-15T05:00:00Z'); // 07:00 in Berlin
    const at = scheduledCeiling(sale, now);
    expect(at.ratePerSecond).toBe(0);
    expect(at.window).toBeNull();
    expect(at.windowEndsAt).toBeNull();
    expect(at.nextWindowAt?.toISOString()).toBe('2026-07-15T08:00:00.000Z');
  });

  it('starts a window exactly at its from and ends it exactly at its to', () => {
    expect(scheduledCeiling(sale, new Date('2026-01-15T09:00:00Z')).ratePerSecond).toBe(200);
    expect(scheduledCeiling(sale, new Date('2026-01-15T08:59:59.999Z')).ratePerSecond).toBe(0);
    expect(scheduledCeiling(sale, new Date('2026-01-15T21:00:00Z')).ratePerSecond).toBe(0);
  });

  it('runs a window over midnight when it ends before it starts', () => {
    const night: DrainSchedule = {
      timeZone: 'UTC',
      windows: [{ from: '22:00', to: '06:00', ratePerSecond: 5000 }],
      otherwiseRatePerSecond: 300,
    };
    expect(scheduledCeiling(night, new Date('2026-03-01T23:00:00Z')).ratePerSecond).toBe(5000);
    expect(scheduledCeiling(night, new Date('2026-03-01T05:59:00Z')).ratePerSecond).toBe(5000);
    const day = scheduledCeiling(night, new Date('2026-03-01T06:00:00Z'));
    expect(day.ratePerSecond).toBe(300);
    expect(day.nextWindowAt?.toISOString()).toBe('2026-03-01T22:00:00.000Z');
    expect(scheduledCeiling(night, new Date('2026-03-01T23:00:00Z')).windowEndsAt?.toISOString()).toBe(
      '2026-03-02T06:00:00.000Z',
    );
  });

  it('finds the next window across a daylight-saving change', () => {
    // Berlin moves from UTC+1 to UTC+2 at 01:00 UTC on 2026-03-29.
    const at = scheduledCeiling(sale, new Date('2026-03-28T22:00:00Z')); // 23:00 on the 28th, UTC+1
    expect(at.nextWindowAt?.toISOString()).toBe('2026-03-29T08:00:00.000Z'); // 10:00 UTC+2
  });

  it('picks the soonest of several windows as the next one', () => {
    const two: DrainSchedule = {
      timeZone: 'UTC',
      windows: [
        { from: '18:00', to: '20:00', ratePerSecond: 100 },
        { from: '08:00', to: '12:00', ratePerSecond: 50 },
      ],
      otherwiseRatePerSecond: 0,
    };
    const at = scheduledCeiling(two, new Date('2026-05-05T09:00:00Z'));
    expect(at.ratePerSecond).toBe(50);
    expect(at.nextWindow).toEqual(two.windows[0]);
    expect(at.nextWindowAt?.toISOString()).toBe('2026-05-05T18:00:00.000Z');
  });
});

describe('scheduleProblems', () => {
  /** The problems of a UTC schedule with these "HH:MM-HH:MM" windows. */
  const problemsOf = (...spans: string[]) =>
    scheduleProblems({
      timeZone: 'UTC',
      windows: spans.map((span, i) => ({ from: span.split('-')[0], to: span.split('-')[1], ratePerSecond: i + 1 })),
      otherwiseRatePerSecond: 0,
    });

  it('accepts adjacent windows and a window over midnight', () => {
    expect(problemsOf('06:00-10:00', '10:00-22:00', '22:00-06:00')).toEqual([]);
  });

  it('refuses overlapping windows, naming both', () => {
    expect(problemsOf('00:00-10:00', '02:00-03:00', '05:00-06:00')).toEqual([
      'windows[0] and windows[1] overlap',
      'windows[0] and windows[2] overlap',
    ]);
    expect(problemsOf('23:00-02:00', '01:00-04:00')).toEqual(['windows[0] and windows[1] overlap']);
  });

  it('refuses an unknown time zone, malformed times and an empty window', () => {
    expect(scheduleProblems({ timeZone: 'Mars/Olympus_Mons', windows: [], otherwiseRatePerSecond: 0 })).toEqual([
      'timeZone "Mars/Olympus_Mons" is not an IANA time zone',
    ]);
    expect(problemsOf('24:00-7:00')).toEqual([
      'windows[0].from must be HH:MM (00:00-23:59)',
      'windows[0].to must be HH:MM (00:00-23:59)',
    ]);
    expect(problemsOf('09:00-09:00')).toEqual(['windows[0] is empty: from and to are both 09:00']);
  });
});

describe('ceilingInForce', () => {
  const inWindow = new Date('2026-01-15T12:30:00Z');

  it('follows the schedule unless a manual ceiling overrides it', () => {
    expect(ceilingInForce({ manualRatePerSecond: 900, overridden: false, schedule: sale }, inWindow)).toMatchObject({
      ratePerSecond: 200,
      source: 'schedule',
    });
    const overridden = ceilingInForce({ manualRatePerSecond: 900, overridden: true, schedule: sale }, inWindow);
    expect(overridden).toMatchObject({ ratePerSecond: 900, source: 'manual' });
    expect(overridden.scheduled?.ratePerSecond).toBe(200);
  });

  it('uses the manual ceiling when there is no schedule', () => {
    expect(ceilingInForce({ manualRatePerSecond: 900, overridden: false, schedule: null }, inWindow)).toEqual({
      ratePerSecond: 900,
      source: 'manual',
      scheduled: null,
    });
  });
});
