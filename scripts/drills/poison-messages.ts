import { randomUUID } from 'node:crypto';

export interface PoisonMessage {
  kind: string;
  key: string | null;
  value: Buffer | null;
}

const valid = () => ({
  schema: 'order.placed',
  version: 1,
  orderId: randomUUID(),
  customerId: 'poison-customer',
  currency: 'EUR',
  items: [{ sku: 'POISON-SKU', quantity: 1 }],
  placedAt: new Date().toISOString(),
});

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

/**
 * Messages no producer of ours writes, but a buggy or foreign one could:
 * each can never become an order, so each must go to the dead-letter topic
 * without holding up the orders behind it.
 */
export function poisonMessages(): PoisonMessage[] {
  const kinds: Array<[string, () => Buffer | null]> = [
    ['truncated JSON', () => Buffer.from('{"schema":"order.placed","version":1,"orderId":')],
    ['random bytes', () => Buffer.from(Array.from({ length: 64 }, () => Math.floor(Math.random() * 256)))],
    ['invalid UTF-8', () => Buffer.from([0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x7d])],
    ['empty value', () => Buffer.alloc(0)],
    ['null value (tombstone)', () => null],
    ['JSON array', () => json([valid()])],
    ['JSON string', () => json('order.placed')],
    ['unknown schema', () => json({ ...valid(), schema: 'order.cancelled' })],
    ['unsupported version', () => json({ ...valid(), version: 2 })],
    // String() of this schema throws: the parser must still refuse it as poison, not stall the partition.
    ['schema whose toString is null', () => json({ ...valid(), schema: { toString: null } })],
    ['orderId not a UUID', () => json({ ...valid(), orderId: 'not-a-uuid' })],
    ['no items', () => json({ ...valid(), items: [] })],
    ['negative quantity', () => json({ ...valid(), items: [{ sku: 'POISON-SKU', quantity: -3 }] })],
    ['fractional quantity', () => json({ ...valid(), items: [{ sku: 'POISON-SKU', quantity: 1.5 }] })],
    ['bad customerId', () => json({ ...valid(), customerId: 'drop table orders;--' })],
    ['placedAt not a date', () => json({ ...valid(), placedAt: 'yesterday' })],
    ['placedAt past DATETIME', () => json({ ...valid(), placedAt: '+010000-01-01T00:00:00.000Z' })],
    ['customerId longer than its column', () => json({ ...valid(), customerId: 'c'.repeat(65) })],
    ['lower-case currency', () => json({ ...valid(), currency: 'eur' })],
    ['__proto__ payload', () => Buffer.from('{"__proto__":{"schema":"order.placed","version":1}}')],
  ];
  return kinds.map(([kind, value]) => ({
    kind,
    key: Math.random() < 0.5 ? null : `poison-${randomUUID()}`,
    value: value(),
  }));
}
