import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { encodeOrderOutcome, type OrderPlacedEvent, type OrderStatus, type RejectReason } from '@surge/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { outcomeEvent } from '../outbox/outcome-event';
import { findIdempotencyConflicts, type IdempotencyConflict } from './idempotency-conflicts';
import { allocateStock, sameDecisions, type Allocation, type StockLevel } from './stock-allocation';

export interface WriteSummary {
  fulfilled: number;
  rejected: number;
  /** Orders already stored by an earlier delivery: nothing was changed for them. */
  duplicates: number;
  /** Idempotency-Key reuses with another body recorded by this write (a redelivery records none again). */
  conflicts: IdempotencyConflict[];
  /** The orders this write stored, each with its outcome (a redelivered one is not here again). */
  stored: StoredOutcome[];
  /** Time spent waiting for the stock rows' locks, which other batches of the group hold while they write. */
  queuedMs: number;
}

export interface StoredOutcome {
  orderId: string;
  status: OrderStatus;
  rejectReason: RejectReason | null;
}

interface StockRow {
  sku: string;
  available: number;
  price_cents: number;
}

/** The stock levels read under lock decided an order otherwise than the unlocked read the rows were written from. */
class StockMovedError extends Error {
  override readonly name = 'StockMovedError';
}

/**
 * Stores a batch of orders in one transaction: skip those already stored,
 * reserve stock under row locks, insert orders, their lines and their outcome
 * events (the outbox the relay publishes from) with multi-row statements. Running it twice for the same events changes nothing the second
 * time, which is what makes redelivery after a crash or rebalance harmless.
 *
 * The stock rows are what concurrent batches queue on: every batch of a sale
 * locks the same hot SKUs until it commits. So the rows are first decided and
 * written from an unlocked read of the stock, and the stock is locked last,
 * for one re-read, one UPDATE and the commit. If the locked levels decide any
 * order differently (stock ran out, a price changed in between), nothing is
 * kept: the batch is written again with the stock locked first.
 */
@Injectable()
export class OrderWriter {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * `traceparents`: by order id, the trace context each outcome event carries
   * on (the relay sends it as the outcome message's traceparent header).
   */
  async write(
    events: OrderPlacedEvent[],
    traceparents: ReadonlyMap<string, string> = new Map(),
  ): Promise<WriteSummary> {
    // The first event of an order id wins: a later one is a redelivery, a retry or a conflict.
    const first = new Map<string, OrderPlacedEvent>();
    for (const event of events) if (!first.has(event.orderId)) first.set(event.orderId, event);
    const unique = [...first.values()];
    if (unique.length === 0) {
      return { fulfilled: 0, rejected: 0, duplicates: events.length, conflicts: [], stored: [], queuedMs: 0 };
    }

    try {
      return await this.dataSource.transaction((db) => this.store(db, events, unique, traceparents, 'lock-last'));
    } catch (error) {
      if (!(error instanceof StockMovedError)) throw error;
      return this.dataSource.transaction((db) => this.store(db, events, unique, traceparents, 'lock-first'));
    }
  }

  private async store(
    db: EntityManager,
    events: OrderPlacedEvent[],
    unique: OrderPlacedEvent[],
    traceparents: ReadonlyMap<string, string>,
    locking: 'lock-last' | 'lock-first',
  ): Promise<WriteSummary> {
    const stored = await db.query<{ id: string; request_fingerprint: string | null }[]>(
      'SELECT id, request_fingerprint FROM orders WHERE id IN (?)',
      [unique.map((e) => e.orderId)],
    );
    const storedFingerprints = new Map(stored.map((row) => [row.id, row.request_fingerprint]));
    const found = findIdempotencyConflicts(events, storedFingerprints);
    const fresh = unique.filter((e) => !storedFingerprints.has(e.orderId));
    const duplicates = events.length - fresh.length;
    if (fresh.length === 0) {
      return {
        fulfilled: 0,
        rejected: 0,
        duplicates,
        conflicts: await this.record(db, found),
        stored: [],
        queuedMs: 0,
      };
    }

    // The lock wait is the batch's place in the queue for the hot SKUs' rows, timed apart from the write.
    const lockStock = async () => {
      const lockFrom = performance.now();
      const stock = await this.readStock(db, fresh, 'locked');
      return { ...allocateStock(fresh, stock), queuedMs: performance.now() - lockFrom };
    };
    let locked: Awaited<ReturnType<typeof lockStock>>;
    let conflicts: IdempotencyConflict[];
    if (locking === 'lock-last') {
      const planned = allocateStock(fresh, await this.readStock(db, fresh, 'unlocked')).allocations;
      await this.insertOrders(db, planned);
      await this.insertOutcomes(db, planned, traceparents);
      // After the orders: a conflict within the batch refers to an order inserted just now.
      conflicts = await this.record(db, found);
      locked = await lockStock();
      if (!sameDecisions(planned, locked.allocations)) throw new StockMovedError();
      await this.takeStock(db, locked.taken);
    } else {
      locked = await lockStock();
      await this.takeStock(db, locked.taken);
      await this.insertOrders(db, locked.allocations);
      await this.insertOutcomes(db, locked.allocations, traceparents);
      conflicts = await this.record(db, found);
    }
    const { allocations, queuedMs } = locked;
    const fulfilled = allocations.filter((a) => a.status === 'fulfilled').length;
    return {
      fulfilled,
      rejected: allocations.length - fulfilled,
      duplicates,
      conflicts,
      stored: allocations.map((a) => ({ orderId: a.order.orderId, status: a.status, rejectReason: a.rejectReason })),
      queuedMs,
    };
  }

  /** Keeps each conflicting order as received, once; returns those not recorded before (a redelivery has none). */
  private async record(db: EntityManager, conflicts: IdempotencyConflict[]): Promise<IdempotencyConflict[]> {
    if (conflicts.length === 0) return [];
    const known = await db.query<{ order_id: string; request_fingerprint: string }[]>(
      'SELECT order_id, request_fingerprint FROM idempotency_conflicts WHERE order_id IN (?)',
      [conflicts.map((c) => c.event.orderId)],
    );
    const seen = new Set(known.map((row) => `${row.order_id} ${row.request_fingerprint}`));
    const fresh = conflicts.filter((c) => !seen.has(`${c.event.orderId} ${c.event.requestFingerprint}`));
    if (fresh.length === 0) return [];
    await db.query('INSERT INTO idempotency_conflicts (order_id, request_fingerprint, event) VALUES ?', [
      fresh.map((c) => [c.event.orderId, c.event.requestFingerprint, JSON.stringify(c.event)]),
    ]);
    return fresh;
  }

  /**
   * The batch's SKU rows, from the transaction's snapshot or locked. Every
   * writer locks in SKU order, so two instances working on overlapping hot
   * SKUs queue instead of deadlocking.
   * Both this and takeStock() go through the primary key (FORCE INDEX): for
   * an IN list covering much of a small table the optimizer prefers a full
   * index scan, which under REPEATABLE READ locks every row it reads, not
   * only the batch's. The stock UPDATE did, and then waited for a row outside
   * its batch that another batch had locked in order while waiting for one
   * of this batch's: the deadlocks (ER_LOCK_DEADLOCK) of two instances at
   * 10,000/s in bench:drain.
   */
  private async readStock(
    db: EntityManager,
    orders: OrderPlacedEvent[],
    mode: 'unlocked' | 'locked',
  ): Promise<Map<string, StockLevel>> {
    const skus = [...new Set(orders.flatMap((o) => o.items.map((i) => i.sku)))].sort();
    const rows = await db.query<StockRow[]>(
      `SELECT sku, available, price_cents FROM inventory FORCE INDEX (PRIMARY) WHERE sku IN (?) ORDER BY sku${mode === 'locked' ? ' FOR UPDATE' : ''}`,
      [skus],
    );
    return new Map(rows.map((r) => [r.sku, { available: Number(r.available), priceCents: Number(r.price_cents) }]));
  }

  private async takeStock(db: EntityManager, taken: Map<string, number>): Promise<void> {
    if (taken.size === 0) return;
    const cases = [...taken].flatMap(([sku, units]) => [sku, units]);
    // One statement for every SKU; the WHERE guard makes an impossible
    // oversell fail loudly (0 rows changed for that SKU) instead of wrapping.
    // The version moves with the stock, so an ops PUT read before this sale
    // fails its If-Match instead of overwriting it.
    const result = await db.query(
      `UPDATE inventory FORCE INDEX (PRIMARY) SET available = available - CASE sku ${[...taken].map(() => 'WHEN ? THEN ?').join(' ')} END,
         version = version + 1
       WHERE sku IN (?)`,
      [...cases, [...taken.keys()]],
    );
    const changed = (result as { affectedRows?: number }).affectedRows;
    if (changed !== undefined && changed !== taken.size) {
      throw new Error(`stock update touched ${changed} of ${taken.size} SKUs`);
    }
  }

  private async insertOrders(db: EntityManager, allocations: Allocation[]): Promise<void> {
    await db.query(
      'INSERT INTO orders (id, customer_id, currency, status, reject_reason, total_cents, placed_at, request_fingerprint) VALUES ?',
      [
        allocations.map((a) => [
          a.order.orderId,
          a.order.customerId,
          a.order.currency,
          a.status,
          a.rejectReason,
          a.totalCents,
          new Date(a.order.placedAt),
          a.order.requestFingerprint ?? null,
        ]),
      ],
    );
    await db.query('INSERT INTO order_items (order_id, line_no, sku, quantity, unit_price_cents) VALUES ?', [
      allocations.flatMap((a) =>
        a.lines.map((line, i) => [a.order.orderId, i + 1, line.sku, line.quantity, line.unitPriceCents]),
      ),
    ]);
  }

  /**
   * In the orders' transaction: the outcome event exists exactly when the
   * order does, so no stored order is left without its notification and no
   * notification tells of an order that was rolled back.
   */
  private async insertOutcomes(
    db: EntityManager,
    allocations: Allocation[],
    traceparents: ReadonlyMap<string, string>,
  ): Promise<void> {
    const decidedAt = new Date();
    await db.query('INSERT INTO outbox (event_id, order_id, payload, traceparent) VALUES ?', [
      allocations.map((a) => {
        const event = outcomeEvent(a, decidedAt);
        const traceparent = traceparents.get(event.orderId) ?? null;
        return [event.eventId, event.orderId, encodeOrderOutcome(event), traceparent];
      }),
    ]);
  }
}
