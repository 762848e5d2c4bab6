import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { HttpLimits } from '../config';
import { limitServer, serverCreationOptions } from './server-limits';

/** What the internal port serves besides health: scraping and the API document (/docs, /docs-json…). */
const INTERNAL_PATHS = /^\/(metrics|docs)([/?-]|$)/;
/** Health answers on both ports, for probes on either side. */
const SHARED_PATHS = /^\/health([/?]|$)/;

/**
 * Serves /metrics and /docs on a port of their own and answers 404 for them
 * on the public one (and 404 for the orders API on the internal one), so a
 * load balancer can expose the orders port alone. Both ports share one
 * Fastify instance, hence one set of routes, hooks and metrics.
 * Build it before the app starts (it adds hooks); listen() once it listens.
 */
export class InternalPort {
  private readonly requests = new WeakSet<IncomingMessage>();
  private readonly server: Server;

  constructor(
    private readonly fastify: FastifyInstance,
    private readonly address: { port: number; host: string },
    limits: HttpLimits,
  ) {
    this.server = limitServer(
      createServer(serverCreationOptions(limits), (req, res) => {
        this.requests.add(req);
        fastify.routing(req, res);
      }),
      limits,
    );
    fastify.addHook('onRequest', (request, reply, done) => {
      const { url } = request;
      if (SHARED_PATHS.test(url) || INTERNAL_PATHS.test(url) === this.requests.has(request.raw)) {
        done();
        return;
      }
      void reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `Cannot ${request.method} ${url}` });
    });
    fastify.addHook('onClose', (_instance, done) => {
      this.server.closeAllConnections();
      this.server.close(() => done());
    });
  }

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.address.port, this.address.host, () => resolve());
    });
    return (this.server.address() as { port: number }).port;
  }
}
