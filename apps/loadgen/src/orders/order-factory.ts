import type { Random } from './random';
import { Zipf } from './zipf';

export interface OrderLine {
  sku: string;
  quantity: number;
}

export interface PlannedOrder {
  seq: number;
  customerId: string;
  idempotencyKey: string;
  items: OrderLine[];
  /** Sent a second time with the same key after the first answer (a double click, a client retry). */
  resubmit: boolean;
  /** Where the outcome is sent (--notify): an address and a number of this order alone. */
  contact?: { email?: string; phone?: string };
}

export interface OrderFactoryOptions {
  runId: string;
  customers: number;
  /** SKUs from hottest to coldest. */
  catalogue: string[];
  zipfExponent: number;
  resubmitShare: number;
  /** Give each order an email and/or a phone of its own, so its notifications can be found. */
  contact?: { email: boolean; phone: boolean };
}

/**
 * Shoppers of one run: customer and key carry the run id, so the audit can
 * find every row this run could have caused and nothing else.
 */
export class OrderFactory {
  private readonly popularity: Zipf;
  private seq = 0;

  constructor(
    private readonly options: OrderFactoryOptions,
    private readonly random: Random,
  ) {
    this.popularity = new Zipf(options.catalogue.length, options.zipfExponent);
  }

  next(): PlannedOrder {
    const seq = this.seq++;
    const { runId, customers, catalogue } = this.options;
    const lineCount = Math.min(1 + Math.floor(this.random() * 5), catalogue.length);
    const picked = new Set<number>();
    while (picked.size < lineCount) picked.add(this.popularity.sample(this.random));
    return {
      seq,
      customerId: `${runId}-c${Math.floor(this.random() * customers)}`,
      idempotencyKey: `${runId}-k${seq}`,
      items: [...picked].map((rank) => ({ sku: catalogue[rank], quantity: this.random() < 0.8 ? 1 : 2 })),
      resubmit: this.random() < this.options.resubmitShare,
      ...this.contactOf(seq),
    };
  }

  /** Derived from the key, not drawn: a seeded run makes the same orders with or without --notify. */
  private contactOf(seq: number): Pick<PlannedOrder, 'contact'> {
    const wanted = this.options.contact;
    if (!wanted || (!wanted.email && !wanted.phone)) return {};
    return {
      contact: {
        ...(wanted.email ? { email: contactEmail(this.options.runId, seq) } : {}),
        ...(wanted.phone ? { phone: `+1555${String(seq % 10_000_000).padStart(7, '0')}` } : {}),
      },
    };
  }
}

/** The address of a run's order number seq (lower case: mail servers may fold the case). */
export function contactEmail(runId: string, seq: number): string {
  return `${runId}-k${seq}@shoppers.example`.toLowerCase();
}

/** Customer ids and keys of a run start with this; SQL LIKE patterns scope the audit to it. */
export function customerPrefix(runId: string): string {
  return `${runId}-c`;
}
