export { DEFAULT_ADAPTIVE_RATE } from './adaptive-rate';
export type { AdaptiveRateOptions, BatchTiming } from './adaptive-rate';
export { DrainThrottle } from './drain-throttle';
export type { ThrottleSnapshot } from './drain-throttle';
export type { FailedBatchesSnapshot } from './failed-batches';
export { backoffDelay } from './backoff';
export { RateLimiter } from './rate-limiter';
export type { Clock, Sleep } from './rate-limiter';
export type { BackoffOptions } from './backoff';
export { ceilingInForce, scheduledCeiling, scheduleProblems } from './drain-schedule';
export type {
  CeilingInForce,
  CeilingSettings,
  DrainSchedule,
  ScheduleWindow,
  ScheduledCeiling,
} from './drain-schedule';
