import { connect, type Socket } from 'node:net';
import { freePort, metricValue, waitFor } from '@surge/testing';
import { intakeConfig, post, startOnNewTopic, stop, validOrder, type Intake } from '../test-support/intake-harness';

const order = JSON.stringify(validOrder);
const limits = { headersTimeoutMs: 500, requestTimeoutMs: 1000, keepAliveTimeoutMs: 5000, maxConnections: 100 };

/** A raw socket to intake, with everything it received and whether the server closed it. */
async function rawClient(url: string): Promise<{ socket: Socket; received: () => string; closed: () => boolean }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  let received = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, received: () => received, closed: () => closed };
}

describe('network hygiene', () => {
  let intake: Intake;
  let internalUrl: string;
  beforeAll(async () => {
    const internalPort = await freePort();
    internalUrl = `http://127.0.0.1:${internalPort}`;
    intake = await startOnNewTopic({
      host: '127.0.0.1',
      internal: { port: internalPort, host: '127.0.0.1' },
      http: limits,
    });
  });
  afterAll(() => stop(intake));

  it('listens on the configured address', () => {
    expect(intake.app.getHttpServer().address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('sends security headers with every answer', async () => {
    for (const response of [await post(intake.url, order), await post(intake.url, '{}')]) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('serves /metrics and /docs on the internal port only, orders on the public port only, health on both', async () => {
    const accepted = await metricValue(internalUrl, 'surge_intake_orders_accepted_total');
    expect((await post(intake.url, order)).status).toBe(202);
    for (const path of ['/metrics', '/docs', '/docs-json']) {
      expect((await fetch(`${intake.url}${path}`)).status).toBe(404);
      expect((await fetch(`${internalUrl}${path}`)).status).toBe(200);
    }
    expect(await metricValue(internalUrl, 'surge_intake_orders_accepted_total')).toBe(accepted + 1);
    expect((await post(internalUrl, order)).status).toBe(404);
    expect((await fetch(`${intake.url}/health/ready`)).status).toBe(200);
    expect((await fetch(`${internalUrl}/health/ready`)).status).toBe(200);
  });

  it('cuts off a client that stalls in the middle of its headers', async () => {
    const client = await rawClient(intake.url);
    client.socket.write('POST /orders HTTP/1.1\r\nHost: intake\r\nContent-Type: app');
    await waitFor('the stalled socket to be closed', () => client.closed(), { timeoutMs: 5000 });
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a client that stalls in the middle of its body', async () => {
    const client = await rawClient(intake.url);
    client.socket.write(
      `POST /orders HTTP/1.1\r\nHost: intake\r\nContent-Type: application/json\r\nContent-Length: ${order.length}\r\n\r\n${order.slice(0, 10)}`,
    );
    await waitFor('the stalled socket to be closed', () => client.closed(), { timeoutMs: 5000 });
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('connection cap', () => {
  // An instance of its own: sockets other tests' fetch keeps alive would count against the cap.
  let intake: Intake;
  beforeAll(async () => (intake = await startOnNewTopic({ http: { ...limits, maxConnections: 3 } })));
  afterAll(() => stop(intake));

  it('refuses connections beyond the cap and takes new ones once some close', async () => {
    const held = await Promise.all([1, 2, 3].map(() => rawClient(intake.url)));
    // The server counts a connection once it accepted it: a request on each proves it.
    for (const client of held) client.socket.write('GET /health/live HTTP/1.1\r\nHost: intake\r\n\r\n');
    await waitFor('three answers', () => held.every((c) => c.received().startsWith('HTTP/1.1 200')));
    const extra = await rawClient(intake.url);
    await waitFor('the connection over the cap to be closed', () => extra.closed(), { timeoutMs: 5000 });
    expect(extra.received()).toBe('');
    for (const client of held) client.socket.destroy();
    await waitFor('a new connection to be served', async () => (await post(intake.url, order)).status === 202);
  });
});

describe('network defaults', () => {
  it('bind every interface, keep one port, and cap sockets and deadlines', () => {
    const config = intakeConfig();
    expect(config.host).toBe('0.0.0.0');
    expect(config.internal).toBeUndefined();
    expect(config.http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 10_000,
    });
  });
});
