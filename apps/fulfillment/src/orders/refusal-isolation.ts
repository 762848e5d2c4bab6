export interface Refusal<T> {
  item: T;
  error: unknown;
}

export interface Isolated<T, S> {
  /** What each successful write returned, in the order the items came. */
  written: S[];
  refused: Array<Refusal<T>>;
}

/**
 * Writes the items; when the database refuses the batch for something in the
 * data (`refuses(error)`), splits it in halves and writes each, down to the
 * single items it refuses on their own. k bad items in n cost about
 * 2·k·log2(n) extra writes; the items keep their order, so stock is allocated
 * as it would have been. A refused single item is tried once more before it is
 * given up: a unique-key clash with another instance writing the same order
 * during a rebalance passes the second time (the writer then finds it stored).
 * Any other error propagates, and the caller retries the whole batch: the
 * writer must be idempotent, since halves already written stay written.
 */
export async function isolateRefusals<T, S>(
  items: T[],
  write: (items: T[]) => Promise<S>,
  refuses: (error: unknown) => boolean,
): Promise<Isolated<T, S>> {
  try {
    return { written: [await write(items)], refused: [] };
  } catch (error) {
    if (!refuses(error)) throw error;
    if (items.length === 1) return retryAlone(items[0], write, refuses);
    const middle = Math.ceil(items.length / 2);
    const first = await isolateRefusals(items.slice(0, middle), write, refuses);
    const second = await isolateRefusals(items.slice(middle), write, refuses);
    return { written: [...first.written, ...second.written], refused: [...first.refused, ...second.refused] };
  }
}

async function retryAlone<T, S>(
  item: T,
  write: (items: T[]) => Promise<S>,
  refuses: (error: unknown) => boolean,
): Promise<Isolated<T, S>> {
  try {
    return { written: [await write([item])], refused: [] };
  } catch (error) {
    if (!refuses(error)) throw error;
    return { written: [], refused: [{ item, error }] };
  }
}
