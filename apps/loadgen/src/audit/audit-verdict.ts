import { keyedOrderId } from '@surge/contracts';
import type { OrderOutcome } from '../load/load-runner';

export interface StoredOrder {
  status: string;
  rejectReason: string | null;
  lines: number;
}

/** What MySQL holds for a run, as the audit queries read it. */
export interface StoredFacts {
  /** Rows found among every id the run could have created. */
  orders: Map<string, StoredOrder>;
  /** Rows under the run's customer prefix whose id no request of the run could have produced. */
  strays: string[];
  /** Per stocked SKU: units in fulfilled orders of this run, and `available` now (null: no inventory row). */
  skus: Map<string, { sold: number; left: number | null }>;
}

export interface AuditCheck {
  name: string;
  pass: boolean;
  /** False for figures shown for context that cannot fail the run. */
  gate: boolean;
  expected: string;
  actual: string;
  examples?: string[];
}

export interface AuditVerdict {
  pass: boolean;
  checks: AuditCheck[];
  counts: {
    orders: number;
    accepted: number;
    refused: number;
    indeterminate: number;
    storedAfterIndeterminate: number;
    fulfilled: number;
    rejected: Record<string, number>;
    keysSentMoreThanOnce: number;
  };
  skus: Array<{ sku: string; stocked: number; sold: number; left: number | null; pass: boolean }>;
}

const FINAL = new Set(['fulfilled', 'rejected']);
/** Answers after which Kafka may hold the order even though no 202 came back. */
const INDETERMINATE = new Set<number | string>([503, 'timeout', 'network']);

export type Classification = 'accepted' | 'indeterminate' | 'refused';

/**
 * accepted: some answer was 202. indeterminate: no 202, but some attempt ended
 * in 503, a timeout or a broken connection: intake's deadline may have passed
 * after the broker took the write, so the order may legitimately be stored
 * (once: the key fixes its id). refused: only 4xx answers (or never sent);
 * intake refuses those before producing, so they must never be stored.
 */
export function classify(outcome: OrderOutcome): Classification {
  if (outcome.orderIds.size > 0) return 'accepted';
  return outcome.answers.some((a) => INDETERMINATE.has(a)) ? 'indeterminate' : 'refused';
}

/** The ids the audit looks up: the derived id of every key, and any id intake answered. */
export function idsToLookUp(outcomes: OrderOutcome[]): string[] {
  const ids = new Set<string>();
  for (const o of outcomes) {
    ids.add(keyedOrderId(o.order.customerId, o.order.idempotencyKey));
    for (const id of o.orderIds) ids.add(id);
  }
  return [...ids];
}

export function judge(outcomes: OrderOutcome[], stock: Map<string, number>, facts: StoredFacts): AuditVerdict {
  const missing: string[] = [];
  const badStatus: string[] = [];
  const badLines: string[] = [];
  const refusedButStored: string[] = [];
  const splitKeys: string[] = [];
  let accepted = 0;
  let refused = 0;
  let indeterminate = 0;
  let storedAfterIndeterminate = 0;
  let fulfilled = 0;
  let keysSentMoreThanOnce = 0;
  const rejected: Record<string, number> = {};
  const acceptedIds = new Set<string>();

  for (const outcome of outcomes) {
    const derived = keyedOrderId(outcome.order.customerId, outcome.order.idempotencyKey);
    const sends = outcome.answers.filter((a) => a !== 'dropped').length;
    if (sends > 1) keysSentMoreThanOnce++;
    const kind = classify(outcome);
    if (kind === 'accepted') {
      accepted++;
      if (outcome.orderIds.size > 1 || !outcome.orderIds.has(derived)) {
        splitKeys.push(`${outcome.order.idempotencyKey}: ${[...outcome.orderIds].join(', ')}`);
      }
      for (const id of outcome.orderIds) {
        if (acceptedIds.has(id)) continue;
        acceptedIds.add(id);
        const row = facts.orders.get(id);
        if (!row) {
          missing.push(id);
          continue;
        }
        if (!FINAL.has(row.status)) badStatus.push(`${id}: ${row.status}`);
        if (row.lines !== outcome.order.items.length)
          badLines.push(`${id}: ${row.lines} of ${outcome.order.items.length} lines`);
        if (row.status === 'fulfilled') fulfilled++;
        if (row.status === 'rejected')
          rejected[row.rejectReason ?? 'unknown'] = (rejected[row.rejectReason ?? 'unknown'] ?? 0) + 1;
      }
    } else if (kind === 'indeterminate') {
      indeterminate++;
      if (facts.orders.has(derived)) storedAfterIndeterminate++;
    } else {
      refused++;
      if (facts.orders.has(derived)) refusedButStored.push(`${derived} (answers ${outcome.answers.join(', ')})`);
    }
  }

  const skus = [...stock].map(([sku, stocked]) => {
    const facts_ = facts.skus.get(sku) ?? { sold: 0, left: null };
    const pass = facts_.sold <= stocked && facts_.left !== null && facts_.sold + facts_.left === stocked;
    return { sku, stocked, sold: facts_.sold, left: facts_.left, pass };
  });
  const oversold = skus.filter((s) => s.sold > s.stocked);
  const unbalanced = skus.filter((s) => s.left === null || s.sold + s.left !== s.stocked);

  const check = (
    name: string,
    expected: string,
    actual: string,
    pass: boolean,
    examples: string[] = [],
  ): AuditCheck => ({
    name,
    pass,
    gate: true,
    expected,
    actual,
    ...(examples.length ? { examples: examples.slice(0, 10) } : {}),
  });
  const checks: AuditCheck[] = [
    check(
      'every 202 is stored exactly once',
      `${acceptedIds.size} orders`,
      `${acceptedIds.size - missing.length} stored, ${missing.length} missing`,
      missing.length === 0,
      missing,
    ),
    check(
      'stored as fulfilled or rejected',
      '0 other statuses',
      `${badStatus.length}`,
      badStatus.length === 0,
      badStatus,
    ),
    check('stored with every line sent', '0 mismatches', `${badLines.length}`, badLines.length === 0, badLines),
    check(
      'no refused order stored (4xx, never sent)',
      `0 of ${refused}`,
      `${refusedButStored.length}`,
      refusedButStored.length === 0,
      refusedButStored,
    ),
    check(
      'nothing stored the run did not send',
      '0 stray rows',
      `${facts.strays.length}`,
      facts.strays.length === 0,
      facts.strays,
    ),
    check(
      'one order per idempotency key',
      `${keysSentMoreThanOnce} keys sent more than once, each one id`,
      `${splitKeys.length} keys with another or a second id`,
      splitKeys.length === 0,
      splitKeys,
    ),
    check(
      'no SKU oversold',
      `${skus.length} SKUs within stock`,
      `${oversold.length} oversold`,
      oversold.length === 0,
      oversold.map((s) => `${s.sku}: sold ${s.sold} of ${s.stocked}`),
    ),
    check(
      'stock adds up (sold + left = stocked)',
      `${skus.length} SKUs`,
      `${unbalanced.length} do not add up`,
      unbalanced.length === 0,
      unbalanced.map((s) => `${s.sku}: stocked ${s.stocked}, sold ${s.sold}, left ${s.left ?? 'no inventory row'}`),
    ),
    {
      name: 'stored after 503 or timeout (allowed, once)',
      pass: true,
      gate: false,
      expected: `0..${indeterminate}`,
      actual: `${storedAfterIndeterminate}`,
    },
  ];
  return {
    pass: checks.every((c) => c.pass),
    checks,
    counts: {
      orders: outcomes.length,
      accepted,
      refused,
      indeterminate,
      storedAfterIndeterminate,
      fulfilled,
      rejected,
      keysSentMoreThanOnce,
    },
    skus,
  };
}
