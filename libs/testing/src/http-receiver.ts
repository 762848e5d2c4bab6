import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from './free-port';

/** One request an HttpReceiver took, with when it arrived. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() on arrival. */
  at: number;
}

/** A status, or a status with headers (Retry-After). */
export type ReceiverAnswer = number | { status: number; headers?: Record<string, string> };

/**
 * A real HTTP endpoint for specs and drills that stand in for an SMS gateway
 * or a storefront: it keeps every request and answers what it is told, in
 * turn (the last answer repeats).
 */
export class HttpReceiver {
  readonly received: ReceivedRequest[] = [];
  private answers: ReceiverAnswer[] = [200];
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = this.nextAnswer();
      if (typeof answer === 'number') res.writeHead(answer).end();
      else res.writeHead(answer.status, answer.headers).end();
    });
  });

  private constructor(private readonly path: string) {}

  /** On a free port unless told one. */
  static async start(path = '/', port?: number): Promise<HttpReceiver> {
    const receiver = new HttpReceiver(path);
    const listenOn = port ?? (await freePort());
    await new Promise<void>((resolve, reject) => {
      receiver.server.once('error', reject);
      receiver.server.listen(listenOn, '127.0.0.1', resolve);
    });
    return receiver;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}${this.path}`;
  }

  /** What is answered from now on, in turn; the last answer repeats. */
  answer(...answers: ReceiverAnswer[]): void {
    this.answers = answers;
  }

  reset(): void {
    this.received.length = 0;
    this.answers = [200];
  }

  /** The JSON bodies received, parsed. */
  bodies<T>(): T[] {
    return this.received.map((r) => JSON.parse(r.body) as T);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private nextAnswer(): ReceiverAnswer {
    return (this.answers.length > 1 ? this.answers.shift() : undefined) ?? this.answers[0];
  }
}
