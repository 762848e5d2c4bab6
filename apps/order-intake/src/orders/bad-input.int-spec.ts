import { request } from 'node:http';
import { parseOrderEvent } from '@surge/contracts';
import { countMessages, readTopic } from '@surge/kafka-testing';
import { kafka, startOnNewTopic, stop, type Intake } from '../test-support/intake-harness';
import { BAD_INPUT_CORPUS, VALID_ORDER, type BadInputCase } from './bad-input.corpus';

interface RawAnswer {
  status: number;
  /** Status line reason and body: a 431 from Node's HTTP parser has no body. */
  text: string;
}

/**
 * One request on its own connection, bytes and headers exactly as given
 * (fetch would add a content type, re-encode the body and refuse some headers).
 */
function send(
  baseUrl: string,
  c: Pick<BadInputCase, 'method' | 'path' | 'body' | 'contentType' | 'headers' | 'chunked'>,
): Promise<RawAnswer> {
  const body = c.body === undefined ? undefined : Buffer.isBuffer(c.body) ? c.body : Buffer.from(c.body, 'utf8');
  const headers: Record<string, string | string[]> = {};
  const contentType = c.contentType === undefined ? 'application/json' : c.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  if (body !== undefined && !c.chunked) headers['content-length'] = String(body.length);
  Object.assign(headers, c.headers);
  const url = new URL(c.path ?? '/orders', baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: c.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: `${res.statusMessage ?? ''} ${Buffer.concat(chunks).toString('utf8')}`,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function expectRefused(intake: Intake, c: BadInputCase): Promise<void> {
  const answer = await send(intake.url, c);
  // The answer is cut short in the comparison so a failure stays readable (some echo a 60 KiB value).
  expect({ status: answer.status, names: answer.text.includes(c.message), text: answer.text.slice(0, 300) }).toEqual({
    status: c.status,
    names: true,
    text: expect.any(String),
  });
}

describe('POST /orders against the bad-input corpus', () => {
  let intake: Intake;
  let prototypeKeysBefore: string[];
  beforeAll(async () => {
    prototypeKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    intake = await startOnNewTopic();
  });
  afterAll(() => stop(intake));

  it.each(BAD_INPUT_CORPUS.map((c) => [c.name, c] as const))(
    'answers %s with its 4xx and a message naming the problem',
    (_, c) => expectRefused(intake, c),
  );

  it('left Object.prototype unpolluted', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeysBefore);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.quantity).toBeUndefined();
  });

  it('produced nothing for any of them', async () => {
    expect(await countMessages(kafka, intake.topic)).toBe(0);
  });

  it('stays healthy: live answers 200 and a valid order is still accepted', async () => {
    expect((await send(intake.url, { method: 'GET', path: '/health/live', contentType: null })).status).toBe(200);
    const answer = await send(intake.url, { body: JSON.stringify(VALID_ORDER) });
    expect(answer.status).toBe(202);
    expect(await countMessages(kafka, intake.topic)).toBe(1);
  });
});

/**
 * Odd but harmless requests intake accepts, and what it produces for them:
 * the event always carries the values that were validated.
 */
describe('POST /orders with odd but valid input', () => {
  let intake: Intake;
  beforeAll(async () => (intake = await startOnNewTopic()));
  afterAll(() => stop(intake));

  const valid = JSON.stringify(VALID_ORDER);
  const accepted: Array<[string, Pick<BadInputCase, 'body' | 'contentType' | 'headers'>, string]> = [
    ['charset=utf-8', { body: valid, contentType: 'application/json; charset=utf-8' }, 'customer-1'],
    ['charset=UTF-8 without a space', { body: valid, contentType: 'application/json;charset=UTF-8' }, 'customer-1'],
    ['a mixed-case media type', { body: valid, contentType: 'Application/JSON' }, 'customer-1'],
    // RFC 8259 §8.1: a parser MAY ignore a byte order mark.
    ['a BOM', { body: `\uFEFF${valid}`.replace('customer-1', 'customer-bom') }, 'customer-bom'],
    // JSON.parse keeps the last duplicate; that is the value validated and produced.
    [
      'duplicate customerId keys',
      { body: valid.replace('{', '{"customerId":"bad one",').replace('customer-1', 'customer-last') },
      'customer-last',
    ],
    // Fastify does not decode Content-Encoding; a body that is really compressed is refused as not JSON.
    [
      'a plain body labelled gzip',
      { body: valid.replace('customer-1', 'customer-gzip'), headers: { 'content-encoding': 'gzip' } },
      'customer-gzip',
    ],
    [
      'quantity 2.0',
      { body: valid.replace('"quantity":2', '"quantity":2.0').replace('customer-1', 'customer-2-0') },
      'customer-2-0',
    ],
  ];

  it('accepts each and produces the validated values', async () => {
    const produced = new Map<string, string>();
    for (const [name, c, customerId] of accepted) {
      const answer = await send(intake.url, c);
      expect({ name, status: answer.status }).toEqual({ name, status: 202 });
      produced.set(
        (JSON.parse(answer.text.slice(answer.text.indexOf('{'))) as { orderId: string }).orderId,
        customerId,
      );
    }
    // One read of the topic for all of them: each read joins a consumer group.
    const events = (await readTopic(kafka, intake.topic)).map((m) => parseOrderEvent(m.value));
    expect(events).toHaveLength(accepted.length);
    for (const event of events) {
      expect(event).toMatchObject({
        customerId: produced.get(event.orderId),
        currency: 'EUR',
        items: [{ sku: 'SKU-1', quantity: 2 }],
      });
    }
  });
});

describe('POST /orders with a contact', () => {
  let intake: Intake;
  beforeAll(async () => (intake = await startOnNewTopic()));
  afterAll(() => stop(intake));

  it('carries the contact it validated in the event, only the parts sent', async () => {
    const contacts = [
      { email: 'ana.maria+sale@shop.example.com', phone: '+33612345678' },
      { email: 'bo@example.org' },
      { phone: '+14155550100' },
      {},
    ];
    const sent = new Map<string, object>();
    for (const contact of contacts) {
      const answer = await send(intake.url, { body: JSON.stringify({ ...VALID_ORDER, contact }) });
      expect(answer.status).toBe(202);
      sent.set((JSON.parse(answer.text.slice(answer.text.indexOf('{'))) as { orderId: string }).orderId, contact);
    }
    const events = (await readTopic(kafka, intake.topic)).map((m) => parseOrderEvent(m.value));
    expect(events.map((e) => [e.orderId, e.contact])).toEqual(expect.arrayContaining([...sent.entries()]));
    expect(events).toHaveLength(contacts.length);
  });
});
