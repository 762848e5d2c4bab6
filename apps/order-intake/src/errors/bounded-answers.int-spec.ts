import { request } from 'node:http';
import { countMessages } from '@surge/kafka-testing';
import { kafka, post, startOnNewTopic, stop, validOrder, type Intake } from '../test-support/intake-harness';
import { MAX_PROBLEMS } from './bounded-problems';
import { MAX_ERROR_ANSWER_BYTES } from './error-size-cap';

let intake: Intake;
beforeAll(async () => (intake = await startOnNewTopic()));
afterAll(() => stop(intake));

async function answer(response: Response): Promise<{ bytes: number; body: { message: string | string[] } }> {
  const text = await response.text();
  return { bytes: Buffer.byteLength(text), body: JSON.parse(text) as { message: string | string[] } };
}

describe('error answers stay small', () => {
  it('answers 21,000 empty order lines (63 KB) with the first 20 problems and a count of the rest', async () => {
    const body = JSON.stringify({ ...validOrder, items: Array(21_000).fill({}) });
    expect(body.length).toBeGreaterThan(63_000);
    const response = await post(intake.url, body);
    expect(response.status).toBe(400);
    const { bytes, body: error } = await answer(response);
    expect(bytes).toBeLessThanOrEqual(MAX_ERROR_ANSWER_BYTES);
    expect(error.message).toHaveLength(MAX_PROBLEMS + 1);
    expect(error.message[0]).toMatch(/^items/);
    expect(error.message[MAX_PROBLEMS]).toMatch(/^and \d+ more problems$/);
  });

  it('cuts a 60 KB property name in the 400 that refuses it', async () => {
    const response = await post(intake.url, JSON.stringify({ ...validOrder, ['p'.repeat(60_000)]: 1 }));
    expect(response.status).toBe(400);
    const { bytes, body: error } = await answer(response);
    expect(bytes).toBeLessThanOrEqual(1024);
    expect(String(error.message)).toContain('should not exist');
  });

  it('cuts a JSON key refused before validation', async () => {
    const response = await post(intake.url, `{"a":{"${'q'.repeat(2000)}":{"constructor":1}}}`);
    expect(response.status).toBe(400);
    expect((await answer(response)).bytes).toBeLessThanOrEqual(1024);
  });

  it('does not echo a 15 KB path in its 404', async () => {
    const path = `/${'n'.repeat(15_000)}`;
    const { status, bytes } = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = request(new URL(path, intake.url), { agent: false }, (res) => {
        let n = 0;
        res.on('data', (chunk: Buffer) => (n += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: n }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
    expect(bytes).toBeLessThanOrEqual(MAX_ERROR_ANSWER_BYTES);
  });

  it('puts nothing on the topic for any of them', async () => {
    expect(await countMessages(kafka, intake.topic)).toBe(0);
  });
});
