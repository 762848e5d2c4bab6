import { setTimeout as sleep } from 'node:timers/promises';
import type { DrillContext, DrillResult, DrillSettings } from './harness';

/** Where the drills run: what run.ts reads from the environment once. */
export interface DrillEnvironment {
  /** The shared broker(s) for drills that do not fault Kafka. */
  brokers: string[];
  mysqlUrl: string;
  drillBrokerPort: number;
  /** log-store-outage's own OpenSearch node (HTTP; the transport port is the next one). */
  drillOpenSearchPort: number;
}

export type Outcome = Pick<DrillResult, 'recoverySeconds' | 'recoveryMeaning'>;

export interface Drill {
  name: string;
  /** One line for --list and the README. */
  proves: string;
  settings(env: DrillEnvironment): Promise<DrillSettings>;
  /** Brokers and servers the drill runs on, before any app; undo registered on the context. */
  prepare?(ctx: DrillContext, env: DrillEnvironment): Promise<void>;
  /** Starts apps and load, injects the fault, waits for recovery; loadgen's audit is read afterwards. */
  run(
    ctx: DrillContext,
    env: DrillEnvironment,
  ): Promise<{ outcome: Outcome; load: ReturnType<DrillContext['startLoad']> }>;
}

/** The settings of a drill on the shared broker and the drills' database. */
export const onShared = async (env: DrillEnvironment): Promise<DrillSettings> => ({
  brokers: env.brokers,
  mysqlUrl: env.mysqlUrl,
  replicationFactor: 1,
});

/** Waits until `at` seconds after the load started. */
export async function atLoadSecond(loadStartedAt: number, at: number): Promise<void> {
  const wait = loadStartedAt + at * 1000 - performance.now();
  if (wait > 0) await sleep(wait);
}
