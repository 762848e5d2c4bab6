import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP pass-through a test can cut: down() drops every open connection and
 * refuses new ones, up() lets traffic through again. It makes "the database
 * went away" a real network failure for the app, without stopping the server
 * other tests share.
 */
export class TcpProxy {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  private isUp = true;
  /** Connections refused while down: proof that the app tried. */
  refused = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /**
   * A started proxy in front of the server a URL names (MySQL's port when it
   * names none), and the same URL pointing at the proxy instead.
   */
  static async before(url: string, defaultPort = 3306): Promise<{ proxy: TcpProxy; url: string }> {
    const target = new URL(url);
    const proxy = new TcpProxy(target.hostname, Number(target.port || defaultPort));
    target.host = `127.0.0.1:${await proxy.start()}`;
    return { proxy, url: target.toString() };
  }

  async start(): Promise<number> {
    const server = createServer((client) => {
      if (!this.isUp) {
        this.refused++;
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  down(): void {
    this.isUp = false;
    for (const socket of this.sockets) socket.destroy();
  }

  up(): void {
    this.isUp = true;
  }

  async stop(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
