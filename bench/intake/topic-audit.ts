import { readTopic } from '@surge/kafka-testing';
import { kafka, type Contender } from './contenders';
import type { LoadResult } from './wrk-load';

export interface Audit {
  acked: number;
  onTopic: number;
  missing: number;
  duplicates: number;
  /** On the topic though never answered 202: only orders whose answer wrk never read may be. */
  unacked: number;
  /** Orders whose answer wrk never read (in flight when it stopped, or a socket error). */
  unknownFate: number;
  exact: boolean;
}

/** The topic must hold every order answered 202, once, and nothing else but orders whose answer was never read. */
export async function audit(c: Contender, loads: LoadResult[]): Promise<Audit> {
  const acked = new Map<string, string>();
  const unknownFate = new Set<string>();
  for (const load of loads) {
    for (const [customer, orderId] of load.accepted) acked.set(orderId, customer);
    for (const customer of [...load.unanswered, ...load.inFlightAtEnd]) unknownFate.add(customer);
  }
  const events = (await readTopic(kafka, c.topic ?? '', 300_000)).map(
    (m) => JSON.parse(m.value?.toString() ?? '{}') as { orderId: string; customerId: string },
  );
  const onTopic = new Set(events.map((e) => e.orderId));
  const missing = [...acked.keys()].filter((id) => !onTopic.has(id)).length;
  const strays = events.filter((e) => !acked.has(e.orderId));
  const unacked = strays.length;
  const unexplained = strays.filter((e) => !unknownFate.has(e.customerId)).length;
  const duplicates = events.length - onTopic.size;
  return {
    acked: acked.size,
    onTopic: events.length,
    missing,
    duplicates,
    unacked,
    unknownFate: unknownFate.size,
    exact: missing === 0 && duplicates === 0 && unexplained === 0,
  };
}
