import { ExpiryDetector, type ReadPositions } from './expiry-detector';

/** What the broker would answer: committed offsets and log starts per partition, changed by the test. */
function brokerState(partitions: Record<number, { committed: string | null; start: string }>) {
  const read: ReadPositions = async () =>
    Object.entries(partitions).map(([p, { committed, start }]) => ({
      partition: Number(p),
      committedOffset: committed,
      startOffset: start,
    }));
  return { partitions, read };
}

describe('ExpiryDetector', () => {
  it('counts the orders retention deleted below the committed position', async () => {
    const broker = brokerState({ 0: { committed: '5', start: '0' } });
    const detector = new ExpiryDetector(['orders'], broker.read);
    await detector.refresh();
    // Kafka deletes up to 12; kafkajs resets to "earliest" (no valid commit any more) and fetches from 12.
    broker.partitions[0] = { committed: null, start: '12' };
    await detector.refresh();
    expect(await detector.check('orders', 0, 12n)).toEqual({
      topic: 'orders',
      partition: 0,
      fromOffset: '5',
      toOffset: '12',
      count: 7,
    });
    expect(await detector.check('orders', 0, 12n)).toBeNull();
  });

  it('follows its own commits, and sees a gap after them', async () => {
    const broker = brokerState({ 0: { committed: null, start: '0' } });
    const detector = new ExpiryDetector(['orders'], broker.read);
    await detector.refresh();
    expect(await detector.check('orders', 0, 0n)).toBeNull();
    detector.committed('orders', 0, 100n);
    expect(await detector.check('orders', 0, 100n)).toBeNull();
    broker.partitions[0] = { committed: '100', start: '130' };
    expect(await detector.check('orders', 0, 130n)).toMatchObject({ fromOffset: '100', toOffset: '130', count: 30 });
  });

  it('is quiet when another member read ahead and nothing was deleted', async () => {
    const broker = brokerState({ 0: { committed: '10', start: '0' }, 1: { committed: '3', start: '0' } });
    const detector = new ExpiryDetector(['orders'], broker.read);
    await detector.refresh();
    // The partition moves to another member, which commits 500, and comes back.
    broker.partitions[0] = { committed: '500', start: '0' };
    expect(await detector.check('orders', 0, 500n)).toBeNull();
    expect(await detector.check('orders', 1, 2n)).toBeNull();
  });

  it('takes the commit read after a rejoin over what it knew', async () => {
    const broker = brokerState({ 0: { committed: '10', start: '0' } });
    const detector = new ExpiryDetector(['orders'], broker.read);
    await detector.refresh();
    // Another member drained to 500 before Kafka deleted up to 40: nothing of it was lost.
    broker.partitions[0] = { committed: '500', start: '40' };
    await detector.refresh();
    expect(await detector.check('orders', 0, 500n)).toBeNull();
  });
});
