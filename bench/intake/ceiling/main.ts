import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

/**
 * The intake ceiling for npm run bench:intake: bare Fastify parsing the order
 * JSON and answering 202 with an id, nothing else (no validation, no Kafka).
 * Surge's figures over this one say how much is left to win.
 */
async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  // Fastify has parsed the body before the handler runs.
  app.post('/orders', async (_request, reply) => {
    void reply.status(202);
    return { orderId: randomUUID(), status: 'queued' };
  });
  app.get('/health/ready', async () => ({ status: 'ok' }));
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void app.close());
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
