import { keyedOrderId } from '@surge/contracts';
import type { OrderOutcome } from '../load/load-runner';
import { judge, type StoredFacts } from './audit-verdict';

function outcome(seq: number, answers: Array<number | string>, items = 1): OrderOutcome {
  const order = {
    seq,
    customerId: `fs-t-c${seq}`,
    idempotencyKey: `fs-t-k${seq}`,
    items: Array.from({ length: items }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })),
    resubmit: false,
  };
  const id = keyedOrderId(order.customerId, order.idempotencyKey);
  return { order, answers, orderIds: new Set(answers.includes(202) ? [id] : []) };
}
const idOf = (o: OrderOutcome) => keyedOrderId(o.order.customerId, o.order.idempotencyKey);

function facts(stored: OrderOutcome[], extra: Partial<StoredFacts> = {}): StoredFacts {
  return {
    orders: new Map(
      stored.map((o) => [idOf(o), { status: 'fulfilled', rejectReason: null, lines: o.order.items.length }]),
    ),
    strays: [],
    skus: new Map([['SKU-0', { sold: 2, left: 8 }]]),
    ...extra,
  };
}
const stock = new Map([['SKU-0', 10]]);
const failed = (v: ReturnType<typeof judge>) => v.checks.filter((c) => !c.pass).map((c) => c.name);

describe('audit verdict', () => {
  const accepted = [outcome(1, [202]), outcome(2, [503, 202, 202])];

  it('passes when every 202 is stored and nothing else', () => {
    const v = judge([...accepted, outcome(3, [400])], stock, facts(accepted));
    expect(failed(v)).toEqual([]);
    expect(v.pass).toBe(true);
    expect(v.counts).toMatchObject({ accepted: 2, refused: 1, fulfilled: 2, keysSentMoreThanOnce: 1 });
  });

  it('fails on a missing accepted order, naming it', () => {
    const v = judge(accepted, stock, facts([accepted[0]]));
    expect(v.pass).toBe(false);
    expect(failed(v)).toEqual(['every 202 is stored exactly once']);
    expect(v.checks[0].examples).toEqual([idOf(accepted[1])]);
  });

  it('fails when a refused (4xx) order is stored, tolerates one stored after a 503', () => {
    const refused = outcome(3, [400]);
    const timedOut = outcome(4, [503, 503, 503, 503]);
    const v = judge([...accepted, refused, timedOut], stock, facts([...accepted, refused, timedOut]));
    expect(failed(v)).toEqual(['no refused order stored (4xx, never sent)']);
    expect(v.counts.storedAfterIndeterminate).toBe(1);
  });

  it('fails on a key answered with two ids, a stray row, missing lines, oversold stock', () => {
    const split = outcome(5, [202, 202]);
    split.orderIds.add('00000000-0000-8000-8000-000000000000');
    const f = facts([...accepted, split], { strays: ['stray-id'], skus: new Map([['SKU-0', { sold: 11, left: 0 }]]) });
    f.orders.set(idOf(accepted[0]), { status: 'fulfilled', rejectReason: null, lines: 0 });
    const v = judge([...accepted, split], stock, f);
    expect(failed(v)).toEqual([
      'every 202 is stored exactly once',
      'stored with every line sent',
      'nothing stored the run did not send',
      'one order per idempotency key',
      'no SKU oversold',
      'stock adds up (sold + left = stocked)',
    ]);
  });
});
