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
}

export interface OrderFactoryOptions {
  runId: string;
  customers: number;
  /** SKUs from hottest to coldest. */
  catalogue: string[];
  zipfExponent: number;
  resubmitShare: number;
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
    };
  }
}

/** Customer ids and keys of a run start with this; SQL LIKE patterns scope the audit to it. */
export function customerPrefix(runId: string): string {
  return `${runId}-c`;
}
