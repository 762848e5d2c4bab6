/**
 * An off-peak schedule for the group's rate ceiling: daily windows of local
 * time in one IANA time zone, each with its own ceiling, and a ceiling for the
 * rest of the day. Times are wall-clock "HH:MM" so a window keeps its local
 * hours across daylight-saving changes; a window whose end is before its start
 * runs over midnight (22:00-06:00).
 */
export interface ScheduleWindow {
  /** Local start, "HH:MM", inclusive. */
  from: string;
  /** Local end, "HH:MM", exclusive. */
  to: string;
  /** Orders/s for the whole group inside the window (0 = unlimited). */
  ratePerSecond: number;
}

export interface DrainSchedule {
  timeZone: string;
  windows: ScheduleWindow[];
  /** Orders/s outside every window (0 = unlimited). */
  otherwiseRatePerSecond: number;
}

export interface ScheduledCeiling {
  ratePerSecond: number;
  /** The window in force, or null outside every window. */
  window: ScheduleWindow | null;
  /** When the window in force ends (null outside every window). */
  windowEndsAt: Date | null;
  /** The next window to begin and when (null without windows). */
  nextWindow: ScheduleWindow | null;
  nextWindowAt: Date | null;
}

const DAY_MS = 86_400_000;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Problems with a schedule's time zone and windows, each naming its field; empty when it is valid. */
export function scheduleProblems(schedule: DrainSchedule): string[] {
  const problems: string[] = [];
  if (!isTimeZone(schedule.timeZone)) problems.push(`timeZone "${schedule.timeZone}" is not an IANA time zone`);
  const spans: Array<{ from: number; to: number; index: number }> = [];
  schedule.windows.forEach((window, index) => {
    const from = minuteOfDay(window.from);
    const to = minuteOfDay(window.to);
    if (from === null) problems.push(`windows[${index}].from must be HH:MM (00:00-23:59)`);
    if (to === null) problems.push(`windows[${index}].to must be HH:MM (00:00-23:59)`);
    if (from === null || to === null) return;
    if (from === to) problems.push(`windows[${index}] is empty: from and to are both ${window.from}`);
    else if (from < to) spans.push({ from, to, index });
    else spans.push({ from, to: 1440, index }, { from: 0, to, index });
  });
  spans.sort((a, b) => a.from - b.from);
  // Sorted by start, a span overlaps another exactly when it starts before the furthest end seen so far.
  let reach = spans[0];
  for (const span of spans.slice(1)) {
    if (span.from < reach.to && span.index !== reach.index) {
      const [a, b] = [reach.index, span.index].sort((x, y) => x - y);
      problems.push(`windows[${a}] and windows[${b}] overlap`);
    }
    if (span.to > reach.to) reach = span;
  }
  return [...new Set(problems)];
}

/** The ceiling the schedule sets at `now`, the window in force, and the next window. */
export function scheduledCeiling(schedule: DrainSchedule, now: Date): ScheduledCeiling {
  const wallNow = wallClock(now, schedule.timeZone);
  const msOfDay = ((wallNow % DAY_MS) + DAY_MS) % DAY_MS;
  const at = (wall: number) => instantOf(wall, now, schedule.timeZone);
  const result: ScheduledCeiling = {
    ratePerSecond: schedule.otherwiseRatePerSecond,
    window: null,
    windowEndsAt: null,
    nextWindow: null,
    nextWindowAt: null,
  };
  let soonest = Infinity;
  for (const window of schedule.windows) {
    const from = (minuteOfDay(window.from) ?? 0) * 60_000;
    const to = (minuteOfDay(window.to) ?? 0) * 60_000;
    const inside = from < to ? msOfDay >= from && msOfDay < to : msOfDay >= from || msOfDay < to;
    if (inside) {
      result.ratePerSecond = window.ratePerSecond;
      result.window = window;
      result.windowEndsAt = at(wallNow + untilNext(msOfDay, to));
    }
    const untilStart = untilNext(msOfDay, from);
    if (untilStart < soonest) {
      soonest = untilStart;
      result.nextWindow = window;
      result.nextWindowAt = at(wallNow + untilStart);
    }
  }
  return result;
}

/** Milliseconds from a time of day to the next time `target` comes round (a full day when it is now). */
function untilNext(msOfDay: number, target: number): number {
  return (target - msOfDay + DAY_MS) % DAY_MS || DAY_MS;
}

function minuteOfDay(time: string): number | null {
  const match = TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function isTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The local date and time at `instant`, as milliseconds since the epoch as if the zone were UTC. */
function wallClock(instant: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const { type, value } of formatter(timeZone).formatToParts(instant)) parts[type] = Number(value);
  const { year, month, day, hour, minute, second } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second, instant.getUTCMilliseconds());
}

/**
 * The instant a local wall-clock time falls on. The zone's offset is taken at
 * `near` and then at the first guess, so a daylight-saving change between now
 * and the target is accounted for.
 */
function instantOf(wall: number, near: Date, timeZone: string): Date {
  const guess = wall - (wallClock(near, timeZone) - near.getTime());
  const offset = wallClock(new Date(guess), timeZone) - guess;
  return new Date(wall - offset);
}

export interface CeilingSettings {
  /** The ceiling ops set by hand (or the configured one until they do). */
  manualRatePerSecond: number;
  /** A manual ceiling set while a schedule exists overrides it until cleared. */
  overridden: boolean;
  schedule: DrainSchedule | null;
}

export interface CeilingInForce {
  ratePerSecond: number;
  source: 'manual' | 'schedule';
  /** What the schedule says now, also while a manual ceiling overrides it. */
  scheduled: ScheduledCeiling | null;
}

/** The group's ceiling at `now`: the schedule's, unless there is none or a manual ceiling overrides it. */
export function ceilingInForce(
  { manualRatePerSecond, overridden, schedule }: CeilingSettings,
  now: Date,
): CeilingInForce {
  const scheduled = schedule ? scheduledCeiling(schedule, now) : null;
  if (!scheduled || overridden) return { ratePerSecond: manualRatePerSecond, source: 'manual', scheduled };
  return { ratePerSecond: scheduled.ratePerSecond, source: 'schedule', scheduled };
}
