import type { Server } from 'node:http';
import type { HttpLimits } from '../config';

/**
 * Applies intake's limits to a Node HTTP server: deadlines for the headers
 * and the whole request, the keep-alive idle time, and a cap on open sockets
 * (beyond it Node closes new connections at once). Node checks the deadlines
 * on a timer, 30 s apart by default, so a stalled client would linger up to
 * that long past its deadline; here the check runs at least every second.
 */
export function limitServer(server: Server, limits: HttpLimits): Server {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  return server;
}

/** Server options that can only be given when the server is created. */
export function serverCreationOptions(limits: HttpLimits): { connectionsCheckingInterval: number } {
  return { connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs) };
}
