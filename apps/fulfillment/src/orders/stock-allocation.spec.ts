import type { OrderPlacedEvent } from '@surge/contracts';
import { allocateStock, sameDecisions, type StockLevel } from './stock-allocation';

let seq = 0;
function order(items: Array<[string, number]>): OrderPlacedEvent {
  seq++;
  return {
    schema: 'order.placed',
    version: 1,
    orderId: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    customerId: 'c',
    currency: 'EUR',
    items: items.map(([sku, quantity]) => ({ sku, quantity })),
    placedAt: '2026-11-26T10:00:00.000Z',
  };
}

const stockOf = (entries: Record<string, [number, number]>) =>
  new Map<string, StockLevel>(
    Object.entries(entries).map(([sku, [available, priceCents]]) => [sku, { available, priceCents }]),
  );

describe('allocateStock', () => {
  it('fulfils in arrival order until stock runs out, all-or-nothing per order', () => {
    const stock = stockOf({ HOT: [3, 500], COLD: [10, 100] });
    const { allocations, taken } = allocateStock(
      [
        order([['HOT', 2]]),
        order([
          ['HOT', 2],
          ['COLD', 1],
        ]),
        order([['HOT', 1]]),
      ],
      stock,
    );
    expect(allocations.map((a) => [a.status, a.rejectReason])).toEqual([
      ['fulfilled', null],
      ['rejected', 'out_of_stock'],
      ['fulfilled', null],
    ]);
    expect(taken).toEqual(new Map([['HOT', 3]]));
    expect(stock.get('HOT')?.available).toBe(0);
    expect(stock.get('COLD')?.available).toBe(10);
  });

  it('adds up repeated lines of the same SKU before checking stock', () => {
    const stock = stockOf({ A: [3, 100] });
    const { allocations } = allocateStock(
      [
        order([
          ['A', 2],
          ['A', 2],
        ]),
      ],
      stock,
    );
    expect(allocations[0].status).toBe('rejected');
    expect(stock.get('A')?.available).toBe(3);
  });

  it('rejects an unknown SKU without taking the known ones', () => {
    const stock = stockOf({ A: [5, 100] });
    const { allocations, taken } = allocateStock(
      [
        order([
          ['A', 1],
          ['GHOST', 1],
        ]),
      ],
      stock,
    );
    expect(allocations[0]).toMatchObject({ status: 'rejected', rejectReason: 'unknown_sku', totalCents: 0 });
    expect(allocations[0].lines).toEqual([
      { sku: 'A', quantity: 1, unitPriceCents: 100 },
      { sku: 'GHOST', quantity: 1, unitPriceCents: null },
    ]);
    expect(taken.size).toBe(0);
  });

  it('prices fulfilled orders from the stock rows', () => {
    const { allocations } = allocateStock(
      [
        order([
          ['A', 2],
          ['B', 1],
        ]),
      ],
      stockOf({ A: [5, 250], B: [1, 1000] }),
    );
    expect(allocations[0]).toMatchObject({ status: 'fulfilled', totalCents: 1500 });
  });
});

describe('sameDecisions', () => {
  const orders = [order([['A', 1]]), order([['B', 2]])];
  const decide = (stock: Record<string, [number, number]>) => allocateStock(orders, stockOf(stock)).allocations;

  it('holds when other levels lead to the same statuses and prices', () => {
    expect(sameDecisions(decide({ A: [10, 100], B: [10, 200] }), decide({ A: [1, 100], B: [2, 200] }))).toBe(true);
  });

  it('fails when an order would now be refused, or priced otherwise', () => {
    const before = decide({ A: [10, 100], B: [10, 200] });
    expect(sameDecisions(before, decide({ A: [10, 100], B: [1, 200] }))).toBe(false);
    expect(sameDecisions(before, decide({ A: [10, 100], B: [10, 250] }))).toBe(false);
    expect(sameDecisions(before, decide({ A: [10, 100] }))).toBe(false);
  });
});
