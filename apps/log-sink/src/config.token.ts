/** Injection token of the LogSinkConfig read at boot. */
export const LOG_SINK_CONFIG = Symbol('LOG_SINK_CONFIG');
