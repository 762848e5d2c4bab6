import { parseOrderEvent } from '@surge/contracts';
import { readTopic } from '@surge/kafka-testing';
import { metricValue, uniqueName, waitFor } from '@surge/testing';
import { kafka, post, startOnNewTopic, stop, validOrder, type Intake } from '../test-support/intake-harness';

/**
 * Saturates the event loop intake shares with this spec: busy 150 ms of every
 * 160, so no sample of the loop sees a mean delay under 140 ms. Requests are
 * still served in the gaps, slowly, as on a saturated worker.
 */
function saturateEventLoop(): { release: () => void } {
  const timer = setInterval(() => {
    const until = Date.now() + 150;
    while (Date.now() < until) {
      // Busy on purpose: this is the overload.
    }
  }, 160);
  return { release: () => clearInterval(timer) };
}

describe('load shedding', () => {
  let intake: Intake;
  beforeEach(async () => {
    intake = await startOnNewTopic({ loadShedding: { maxEventLoopDelayMs: 20, maxEventLoopUtilization: 0 } });
  });
  afterEach(() => stop(intake));

  it('answers 503 with Retry-After while the worker is saturated, queues none of them, and takes orders again after', async () => {
    const answers = new Map<string, number>();
    const place = async (): Promise<Response> => {
      const customerId = uniqueName('shopper');
      const response = await post(intake.url, JSON.stringify({ ...validOrder, customerId }));
      answers.set(customerId, response.status);
      return response;
    };

    const pressure = saturateEventLoop();
    let refusals: Response[];
    try {
      await waitFor('intake to shed orders', async () => (await place()).status === 503);
      refusals = [];
      for (let i = 0; i < 10; i++) refusals.push(await place());
      expect((await fetch(`${intake.url}/health/ready`)).status).toBe(200);
      expect((await fetch(`${intake.url}/metrics`)).status).toBe(200);
    } finally {
      pressure.release();
    }
    expect(refusals.map((r) => r.status)).toEqual(Array(10).fill(503));
    expect(refusals[0].headers.get('retry-after')).toBe('1');
    expect(await refusals[0].json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'intake is overloaded, retry later; the order was not accepted',
    });

    await waitFor('intake to take orders again', async () => (await place()).status === 202);

    const statuses = [...answers.values()];
    expect(new Set(statuses)).toEqual(new Set([202, 503]));
    const accepted = [...answers].filter(([, status]) => status === 202).map(([customerId]) => customerId);
    const queued = (await readTopic(kafka, intake.topic)).map((m) => parseOrderEvent(m.value).customerId);
    expect(queued.sort()).toEqual(accepted.sort());
    expect(await metricValue(intake.url, 'surge_intake_orders_rejected_total', { reason: '503' })).toBe(
      statuses.filter((s) => s === 503).length,
    );
  });
});
