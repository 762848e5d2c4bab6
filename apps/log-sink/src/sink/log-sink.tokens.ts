/** The sink's batch transport, as bootstrap connects it. */
export const LOG_SINK_TRANSPORT = Symbol('LOG_SINK_TRANSPORT');
