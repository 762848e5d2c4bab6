import type { BacklogWatch } from '../fulfillment/fulfillment-admin';
import type { LoadRunner } from '../load/load-runner';
import type { ProgressDisplay } from '../load/progress-display';
import { durationOf, rateAt, type RateProfile } from '../profile/rate-profile';

/** Redraws the progress line once a second while the load runs; returns what stops it. */
export function startProgressTicker(
  display: ProgressDisplay,
  runner: LoadRunner,
  watch: BacklogWatch,
  profile: RateProfile,
): () => void {
  const duration = durationOf(profile);
  const ticker = setInterval(() => {
    const now = performance.now();
    const elapsed = (now - runner.startedAt) / 1000;
    const recent = runner.stats.recent(now);
    display.update({
      phase: 'load',
      elapsedSeconds: Math.max(0, elapsed),
      durationSeconds: duration,
      // The rate of the last whole second: what `recent` measured.
      targetRate: rateAt(profile, Math.max(0, elapsed - 1)),
      achievedRate: recent.sent,
      p50Ms: recent.p50,
      p99Ms: recent.p99,
      status: runner.stats.totals().status,
      inFlight: runner.inFlight(),
      backlog: watch.latest(),
    });
  }, 1000);
  return () => clearInterval(ticker);
}
