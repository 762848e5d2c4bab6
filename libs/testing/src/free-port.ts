import { createServer } from 'node:net';

/**
 * A TCP port nothing listens on right now, for an app a test or script starts.
 * The port is released before the app binds it, so another process could take
 * it in between; on one machine that race has not shown up in practice.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
