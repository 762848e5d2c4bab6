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

    if ([...wanted.keys()].some((sku) => !stock.has(sku))) return reject('unknown_sku');
    if ([...wanted].some(([sku, units]) => stock.get(sku)!.available < units)) return reject('out_of_stock');

    for (const [sku, units] of wanted) {
      stock.get(sku)!.available -= units;
      taken.set(sku, (taken.get(sku) ?? 0) + units);
    }
    const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents!, 0);
    return { order, status: 'fulfilled', rejectReason: null, totalCents, lines };
  });
  return { allocations, taken };
}
