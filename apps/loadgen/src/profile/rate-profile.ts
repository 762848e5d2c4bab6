/**
 * Promotion shapes as a piecewise-linear rate over time (orders/s at second t),
 * and the open-model arrival schedule they imply: the n-th order is due when
 * the integral of the rate reaches n - 1/2, so every second gets the orders its
 * shape asks for (within one) whatever the answers do.
 */
export interface RatePoint {
  /** Seconds from the start of the load. */
  at: number;
  /** Target orders per second at that moment. */
  rate: number;
}

export interface RateProfile {
  name: string;
  /** Sorted by `at`, starting at 0; two points at the same second make a step. */
  points: RatePoint[];
}

export class ProfileError extends Error {}

export function steady(rate: number, duration: number): RateProfile {
  return make('steady', [
    { at: 0, rate },
    { at: duration, rate },
  ]);
}

export function ramp(from: number, to: number, duration: number): RateProfile {
  return make('ramp', [
    { at: 0, rate: from },
    { at: duration, rate: to },
  ]);
}

/** `baseline` orders/s, `peak` from `spikeAt` for `spikeLength` seconds, baseline again until `duration`. */
export function spike(
  baseline: number,
  peak: number,
  spikeAt: number,
  spikeLength: number,
  duration: number,
): RateProfile {
  if (spikeAt + spikeLength > duration) {
    throw new ProfileError(
      `the spike (at ${spikeAt} s for ${spikeLength} s) must end within the duration (${duration} s)`,
    );
  }
  return make('spike', [
    { at: 0, rate: baseline },
    { at: spikeAt, rate: baseline },
    { at: spikeAt, rate: peak },
    { at: spikeAt + spikeLength, rate: peak },
    { at: spikeAt + spikeLength, rate: baseline },
    { at: duration, rate: baseline },
  ]);
}

/**
 * A custom shape from a timeline file: `{"points": [{"at": 0, "rate": 50}, ...]}`
 * or the bare array. Rates are interpolated linearly between points.
 */
export function timeline(json: unknown, name = 'timeline'): RateProfile {
  const list = Array.isArray(json) ? json : (json as { points?: unknown } | null)?.points;
  if (!Array.isArray(list))
    throw new ProfileError('a timeline is {"points": [{"at": seconds, "rate": orders per second}, ...]}');
  const points = list.map((p: unknown, i) => {
    const { at, rate } = (p ?? {}) as { at?: unknown; rate?: unknown };
    if (typeof at !== 'number' || typeof rate !== 'number' || !Number.isFinite(at) || !Number.isFinite(rate)) {
      throw new ProfileError(`timeline point ${i} needs numeric "at" and "rate"`);
    }
    return { at, rate };
  });
  return make(name, points);
}

function make(name: string, points: RatePoint[]): RateProfile {
  if (points.length < 2) throw new ProfileError('a profile needs at least two points');
  if (points[0].at !== 0) throw new ProfileError('a profile starts at second 0');
  for (const [i, p] of points.entries()) {
    if (p.rate < 0) throw new ProfileError(`rate must not be negative (point ${i}: ${p.rate}/s)`);
    if (i > 0 && p.at < points[i - 1].at)
      throw new ProfileError(`points must be in time order (point ${i} at ${p.at} s)`);
  }
  const duration = points[points.length - 1].at;
  if (duration <= 0) throw new ProfileError('the duration must be more than 0 s');
  if (totalArrivals({ name, points }) === 0) throw new ProfileError('this profile sends no orders at all');
  return { name, points };
}

export function durationOf(profile: RateProfile): number {
  return profile.points[profile.points.length - 1].at;
}

/** Target rate at second t (the later point wins on a step). */
export function rateAt(profile: RateProfile, t: number): number {
  const { points } = profile;
  for (let i = points.length - 1; i > 0; i--) {
    const a = points[i - 1];
    const b = points[i];
    if (t >= a.at && t <= b.at && b.at > a.at) return a.rate + ((b.rate - a.rate) * (t - a.at)) / (b.at - a.at);
  }
  return t <= 0 ? points[0].rate : points[points.length - 1].rate;
}

/** Orders the shape asks for in total: the area under it, rounded. */
export function totalArrivals(profile: RateProfile): number {
  let area = 0;
  for (let i = 1; i < profile.points.length; i++) {
    const a = profile.points[i - 1];
    const b = profile.points[i];
    area += ((a.rate + b.rate) / 2) * (b.at - a.at);
  }
  return Math.round(area);
}

/** Due times in milliseconds from the start, in order, computed lazily (a long promotion has millions). */
export function* arrivals(profile: RateProfile): Generator<number> {
  const total = totalArrivals(profile);
  let n = 1;
  let areaBefore = 0;
  for (let i = 1; i < profile.points.length && n <= total; i++) {
    const a = profile.points[i - 1];
    const b = profile.points[i];
    const length = b.at - a.at;
    if (length === 0) continue;
    const slope = (b.rate - a.rate) / length;
    const areaEnd = areaBefore + ((a.rate + b.rate) / 2) * length;
    while (n <= total && n - 0.5 <= areaEnd) {
      const need = n - 0.5 - areaBefore;
      // Solve a.rate·τ + slope·τ²/2 = need for τ in [0, length].
      const tau =
        Math.abs(slope) < 1e-12
          ? need / a.rate
          : (-a.rate + Math.sqrt(Math.max(0, a.rate * a.rate + 2 * slope * need))) / slope;
      yield (a.at + Math.min(Math.max(tau, 0), length)) * 1000;
      n++;
    }
    areaBefore = areaEnd;
  }
}
