import type { FastifyInstance } from 'fastify';

/**
 * Lets close() finish while clients hold keep-alive sockets. Node's
 * server.close() only drops the sockets idle at that moment; a socket whose
 * request was still waiting for Kafka becomes idle afterwards and would keep
 * the process alive until the keep-alive timeout (72 s). So once closing
 * starts, every answer says `Connection: close`, and the socket closes with it.
 */
export function closeKeepAliveOnShutdown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}
