/** The drain's KafkaBatchTransport and the DrainThrottle it paces to (see drain.providers.ts). */
export const DRAIN_TRANSPORT = Symbol('DRAIN_TRANSPORT');
export const DRAIN_THROTTLE = Symbol('DRAIN_THROTTLE');
