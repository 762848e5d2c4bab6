import type { OrderPlacedEvent, OrderStatus, RejectReason } from '@surge/contracts';

export interface StockLevel {
  available: number;
  priceCents: number;
}

export interface AllocatedLine {
  sku: string;
  quantity: number;
  unitPriceCents: number | null;
}

export interface Allocation {
  order: OrderPlacedEvent;
  status: OrderStatus;
  rejectReason: RejectReason | null;
  totalCents: number;
  lines: AllocatedLine[];
}

/**
 * Decides each order in arrival order against the stock levels given (which
 * the caller holds locked), all-or-nothing per order: a fulfilled order takes
 * every unit it asks for, a rejected one takes none. `stock` is updated in place
 * and `taken` says how many units of each SKU left it.
 */
export function allocateStock(
  orders: OrderPlacedEvent[],
  stock: Map<string, StockLevel>,
): { allocations: Allocation[]; taken: Map<string, number> } {
  const taken = new Map<string, number>();
  const allocations = orders.map((order): Allocation => {
    const wanted = new Map<string, number>();
    for (const { sku, quantity } of order.items) wanted.set(sku, (wanted.get(sku) ?? 0) + quantity);

    const lines = order.items.map(({ sku, quantity }) => ({
      sku,
      quantity,
      unitPriceCents: stock.get(sku)?.priceCents ?? null,
    }));
    const reject = (rejectReason: RejectReason): Allocation => ({
      order,
      status: 'rejected',
      rejectReason,
      totalCents: 0,
      lines,
    });

    const levels: Array<{ sku: string; units: number; level: StockLevel }> = [];
    for (const [sku, units] of wanted) {
      const level = stock.get(sku);
      if (!level) return reject('unknown_sku');
      levels.push({ sku, units, level });
    }
    if (levels.some(({ units, level }) => level.available < units)) return reject('out_of_stock');

    let totalCents = 0;
    for (const { sku, units, level } of levels) {
      level.available -= units;
      totalCents += units * level.priceCents;
      taken.set(sku, (taken.get(sku) ?? 0) + units);
    }
    return { order, status: 'fulfilled', rejectReason: null, totalCents, lines };
  });
  return { allocations, taken };
}

/**
 * Whether two allocations of the same orders decided the same: each order's
 * status, reason, total and line prices. Stock levels may differ; what was
 * written from one allocation is then exactly what the other would write.
 */
export function sameDecisions(a: Allocation[], b: Allocation[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return (
        x.order.orderId === y.order.orderId &&
        x.status === y.status &&
        x.rejectReason === y.rejectReason &&
        x.totalCents === y.totalCents &&
        x.lines.length === y.lines.length &&
        x.lines.every((line, k) => line.unitPriceCents === y.lines[k].unitPriceCents)
      );
    })
  );
}
