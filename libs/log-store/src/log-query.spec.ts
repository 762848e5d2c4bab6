import { logSearchBody, orderJourneyBody } from './log-query';

describe('logSearchBody', () => {
  it('matches everything, newest first, without a filter', () => {
    expect(logSearchBody({ limit: 20 })).toEqual({
      size: 20,
      sort: [
        { time: 'desc' },
        { 'kafka.partition': 'desc' },
        { 'kafka.offset': 'desc' },
        { 'kafka.line': { order: 'desc', unmapped_type: 'integer' } },
      ],
      query: { match_all: {} },
    });
  });

  it('turns each option into one filter clause; a level means it and every louder one', () => {
    const body = logSearchBody({
      app: 'fulfillment',
      level: 'warn',
      since: new Date('2026-11-27T04:00:00.000Z'),
      orderId: '0190-abc',
      grep: 'lock wait',
      limit: 5,
    });
    expect(body.size).toBe(5);
    expect(body.query).toEqual({
      bool: {
        filter: [
          { term: { app: 'fulfillment' } },
          { terms: { level: ['warn', 'error', 'fatal'] } },
          { range: { time: { gte: '2026-11-27T04:00:00.000Z' } } },
          { term: { orderId: '0190-abc' } },
          { match_phrase: { msg: 'lock wait' } },
        ],
      },
    });
  });
});

describe('orderJourneyBody', () => {
  it("reads the order's step lines and its warnings and errors, oldest first", () => {
    const body = orderJourneyBody('0190-abc');
    expect(body.sort[0]).toEqual({ time: 'asc' });
    expect(body.query.bool.filter).toEqual([{ term: { orderId: '0190-abc' } }]);
    expect(body.query.bool.should).toEqual([
      { terms: { step: ['order.accepted', 'order.produced', 'order.stored', 'notification.sent'] } },
      { terms: { level: ['warn', 'error', 'fatal'] } },
    ]);
    expect(body.query.bool.minimum_should_match).toBe(1);
  });
});
