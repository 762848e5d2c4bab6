import { ORDER_STEPS, type LogRecord } from '@surge/contracts';

/** Levels from the quietest up: a filter on one means it and every louder one. */
export const LOG_LEVEL_ORDER: ReadonlyArray<LogRecord['level']> = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** What `npm run logs` narrows the search with; every field is optional but the limit. */
export interface LogFilter {
  app?: string;
  /** This level and the louder ones. */
  level?: LogRecord['level'];
  since?: Date;
  orderId?: string;
  /** Words that must appear together, in this order, in the message. */
  grep?: string;
  limit: number;
}

/** Most lines of one order a trace reads: far above the handful of steps and warnings an order has. */
export const TRACE_LINE_LIMIT = 1000;

/** The search body of a filter: newest first, ties in the order they were shipped. */
export function logSearchBody(filter: LogFilter) {
  const must: object[] = [];
  if (filter.app) must.push({ term: { app: filter.app } });
  if (filter.level) must.push({ terms: { level: LOG_LEVEL_ORDER.slice(LOG_LEVEL_ORDER.indexOf(filter.level)) } });
  if (filter.since) must.push({ range: { time: { gte: filter.since.toISOString() } } });
  if (filter.orderId) must.push({ term: { orderId: filter.orderId } });
  if (filter.grep) must.push({ match_phrase: { msg: filter.grep } });
  return {
    size: filter.limit,
    sort: linesInOrder('desc'),
    query: must.length > 0 ? { bool: { filter: must } } : { match_all: {} },
  };
}

/** The lines a trace reads: the order's steps and whatever went wrong with it, oldest first. */
export function orderJourneyBody(orderId: string) {
  return {
    size: TRACE_LINE_LIMIT,
    sort: linesInOrder('asc'),
    query: {
      bool: {
        filter: [{ term: { orderId } }],
        should: [{ terms: { step: [...ORDER_STEPS] } }, { terms: { level: ['warn', 'error', 'fatal'] } }],
        minimum_should_match: 1,
      },
    },
  };
}

/**
 * Time, then where the log-sink read the line: lines of one process written in
 * the same millisecond keep their order. `kafka.line` is missing from indices
 * made before messages held many lines; unmapped_type lets them sort.
 */
function linesInOrder(order: 'asc' | 'desc') {
  return [
    { time: order },
    { 'kafka.partition': order },
    { 'kafka.offset': order },
    { 'kafka.line': { order, unmapped_type: 'integer' } },
  ];
}
