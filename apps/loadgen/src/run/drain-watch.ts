import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'mysql2/promise';
import { countStored } from '../audit/order-audit';
import type { BacklogWatch } from '../fulfillment/fulfillment-admin';
import type { ProgressDisplay } from '../load/progress-display';
import { round } from '../load/run-stats';
import type { DrainOutcome } from '../report/run-report';

export interface DrainWatchInput {
  watch: BacklogWatch;
  display: ProgressDisplay;
  /** Null with --no-audit: the backlog alone says when the drain is done. */
  db: Pool | null;
  acceptedIds: string[];
  loadEndedAt: number;
  timeoutSeconds: number;
}

/** Polls of an empty backlog, one a second, after which missing orders are not coming. */
const EMPTY_POLLS_BEFORE_GIVING_UP = 5;

/**
 * Follows the backlog to zero. Done when every accepted order is stored; given
 * up when the backlog has been empty for a few polls while orders are still
 * missing (they will not come: the audit says which), or at the timeout.
 */
export async function watchDrain(input: DrainWatchInput): Promise<DrainOutcome> {
  const { watch, display, db, acceptedIds, loadEndedAt, timeoutSeconds } = input;
  const accepted = acceptedIds.length;
  const deadline = performance.now() + timeoutSeconds * 1000;
  let emptyPolls = 0;
  let stored = 0;
  for (;;) {
    const sample = await watch.poll();
    stored = db ? await countStored(db, acceptedIds) : stored;
    const seconds = (performance.now() - loadEndedAt) / 1000;
    display.update({
      phase: 'drain',
      elapsedSeconds: seconds,
      durationSeconds: 0,
      targetRate: 0,
      achievedRate: 0,
      p50Ms: 0,
      p99Ms: 0,
      status: { '2xx': 0, '4xx': 0, '5xx': 0, error: 0 },
      inFlight: 0,
      backlog: sample,
      storedOfAccepted: db ? [stored, accepted] : undefined,
    });
    const lag = sample?.totalLag;
    emptyPolls = lag === 0 ? emptyPolls + 1 : 0;
    const maxBacklog = Math.max(0, ...watch.samples.map((backlog) => backlog.totalLag));
    const outcome = (completed: boolean, note: string): DrainOutcome => {
      display.done();
      return { completed, seconds: round(seconds), maxBacklog, stored, accepted, note };
    };
    if (lag === 0 && (db === null || stored === accepted)) {
      return outcome(
        true,
        `drained: backlog 0, ${stored.toLocaleString('en-US')} of ${accepted.toLocaleString('en-US')} accepted orders stored, ${seconds.toFixed(1)} s after the load`,
      );
    }
    if (emptyPolls >= EMPTY_POLLS_BEFORE_GIVING_UP) {
      return outcome(
        false,
        `backlog has been 0 for ${emptyPolls} s but only ${stored} of ${accepted} accepted orders are stored`,
      );
    }
    if (performance.now() > deadline) {
      return outcome(
        false,
        `drain timeout after ${timeoutSeconds} s: backlog ${lag ?? '?'}, ${stored} of ${accepted} stored`,
      );
    }
    await sleep(1000);
  }
}
