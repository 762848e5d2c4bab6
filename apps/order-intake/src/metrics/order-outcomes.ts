import type { FastifyInstance } from 'fastify';
import { isPlaceOrder } from '../orders/place-order-route';
import type { IntakeMetrics } from './intake-metrics';

/**
 * Counts every answer to POST /orders by status, from a Fastify hook rather
 * than a Nest interceptor: 413 and 415 are decided by Fastify's body parser
 * before Nest sees the request, 503 by load shedding before that, and
 * 503/429 by filters and guards.
 */
export function countOrderOutcomes(fastify: FastifyInstance, metrics: IntakeMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (isPlaceOrder(request)) {
      if (reply.statusCode === 202) metrics.accepted.inc();
      else metrics.rejected.inc({ reason: String(reply.statusCode) });
    }
    done();
  });
}
