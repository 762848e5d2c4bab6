import type { FastifyRequest } from 'fastify';

/** POST /orders, the route that takes orders; told apart from Fastify's hooks, before Nest sees the request. */
export function isPlaceOrder(request: FastifyRequest): boolean {
  return request.method === 'POST' && request.routeOptions.url === '/orders';
}
