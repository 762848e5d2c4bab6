import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orderNotAccepted, unavailableAnswer } from '../errors/unavailable-answer';
import { isPlaceOrder } from '../orders/place-order-route';

/** When a worker is too busy to take more orders; 0 turns a measure off. */
export interface LoadShedding {
  /** Mean event-loop delay over a sample, in ms, above which orders are refused. */
  maxEventLoopDelayMs: number;
  /** Share of a sample the event loop was busy (0-1), above which orders are refused. */
  maxEventLoopUtilization: number;
}

/**
 * How often the event loop is measured. Short, so shedding starts and stops
 * within a tenth of a second of the load; long enough that one garbage
 * collection pause is averaged with the ticks around it.
 */
export const LOAD_SAMPLE_MS = 100;

/**
 * Answers POST /orders 503 with Retry-After while this process's event loop
 * is saturated, before the body is read, so an overloaded worker refuses new
 * orders at once instead of queueing them in its sockets and answering 202
 * seconds later (issue 11). Health, metrics and docs are never shed: a probe
 * refused under load would take the instance out of rotation. Each cluster
 * worker measures and sheds on its own.
 *
 * @fastify/under-pressure takes the measures; the handler decides what is
 * shed. It returns the body rather than sending it: the plugin then sends it
 * and stops the request, where a handler that sends itself can let the request
 * go on to the route while an asynchronous onSend hook is still running.
 */
export async function shedLoad(
  fastify: FastifyInstance,
  limits: LoadShedding,
  retryAfterSeconds: number,
): Promise<void> {
  if (limits.maxEventLoopDelayMs === 0 && limits.maxEventLoopUtilization === 0) return;
  // Booting blocks the loop for long stretches with nothing to serve; the
  // samples taken then say nothing about requests waiting, so they are not
  // acted on: shedding starts once a whole sample follows readiness.
  let sheddingFrom = Infinity;
  fastify.addHook('onReady', (done) => {
    sheddingFrom = Date.now() + 2 * LOAD_SAMPLE_MS;
    done();
  });
  // Typed as returning nothing: the plugin's types leave out that it sends
  // whatever else a handler returns (its README says so).
  const refuseOrders: (request: FastifyRequest, reply: FastifyReply) => void = (request, reply) =>
    isPlaceOrder(request) && Date.now() >= sheddingFrom
      ? unavailableAnswer(reply, retryAfterSeconds, orderNotAccepted('intake is overloaded'))
      : undefined;
  await fastify.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxEventLoopUtilization: limits.maxEventLoopUtilization,
    // The default, 'cumulative', averages since boot: an hour of calm would hide a saturated minute.
    eventLoopUtilizationMode: 'interval',
    sampleInterval: LOAD_SAMPLE_MS,
    pressureHandler: refuseOrders,
  });
}
