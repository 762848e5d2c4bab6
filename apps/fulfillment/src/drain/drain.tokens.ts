/** The running KafkaBatchTransport and its DrainThrottle, created in bootstrap before the app. */
export const DRAIN_TRANSPORT = Symbol('DRAIN_TRANSPORT');
export const DRAIN_THROTTLE = Symbol('DRAIN_THROTTLE');
export const FULFILLMENT_CONFIG = Symbol('FULFILLMENT_CONFIG');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
