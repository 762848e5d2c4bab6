import type { LogDocument } from '@surge/log-store';
import { orderTrace } from './order-trace';

const orderId = '0190-abc';
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
let offset = 0;

function line(time: string, app: string, patch: Partial<LogDocument>): LogDocument {
  return {
    time,
    level: 'info',
    app,
    instance: `${app}:1`,
    msg: patch.step ?? 'line',
    orderId,
    traceId,
    kafka: { topic: 'surge.logs', partition: 0, offset: String(offset++) },
    ...patch,
  };
}

const accepted = line('2026-11-27T04:00:00.000Z', 'order-intake', { step: 'order.accepted' });
const produced = line('2026-11-27T04:00:00.012Z', 'order-intake', {
  step: 'order.produced',
  topic: 'orders',
  partition: 3,
  offset: '1234',
});
const warned = line('2026-11-27T04:00:00.500Z', 'fulfillment', {
  level: 'warn',
  msg: 'batch failed, retrying',
  err: { type: 'QueryFailedError', message: 'Lock wait timeout exceeded' },
});
const stored = line('2026-11-27T04:00:01.512Z', 'fulfillment', {
  step: 'order.stored',
  outcome: 'rejected',
  reason: 'out_of_stock',
});
const sent = line('2026-11-27T04:00:01.700Z', 'notifier', { step: 'notification.sent', channel: 'email' });

describe('orderTrace', () => {
  const now = new Date('2026-11-27T04:01:00.000Z');

  it('prints the four steps and the warning in time order, each with the time since the one before, and where the order stands', () => {
    const trace = orderTrace(orderId, [sent, stored, warned, produced, accepted], now);
    expect(trace.state).toBe('stored');
    expect(trace.lines).toEqual([
      `order ${orderId}, trace ${traceId}`,
      '  2026-11-27T04:00:00.000Z       start  order-intake  accepted',
      '  2026-11-27T04:00:00.012Z      +12 ms  order-intake  produced to orders[3] at offset 1234',
      '  2026-11-27T04:00:00.500Z     +488 ms  fulfillment   WARN batch failed, retrying: QueryFailedError: Lock wait timeout exceeded',
      '  2026-11-27T04:00:01.512Z    +1.012 s  fulfillment   stored rejected (out_of_stock)',
      '  2026-11-27T04:00:01.700Z     +188 ms  notifier      notification sent by email',
      'stored rejected (out_of_stock) 1.512 s after it was accepted; notified by email',
    ]);
  });

  it("shows intake's one line as both its steps: accepted at acceptedAt, produced at the line's time", () => {
    const trace = orderTrace(orderId, [{ ...produced, acceptedAt: accepted.time }, stored], now);
    expect(trace.state).toBe('stored');
    expect(trace.lines.slice(1, 3)).toEqual([
      '  2026-11-27T04:00:00.000Z       start  order-intake  accepted',
      '  2026-11-27T04:00:00.012Z      +12 ms  order-intake  produced to orders[3] at offset 1234',
    ]);
    expect(trace.lines.at(-1)).toBe(
      'stored rejected (out_of_stock) 1.512 s after it was accepted; no notification sent yet',
    );
  });

  it('puts steps logged in the same millisecond in journey order', () => {
    const sameTime = { ...produced, time: accepted.time };
    const trace = orderTrace(orderId, [sameTime, accepted], now);
    expect(trace.lines[1]).toContain('accepted');
    expect(trace.lines[2]).toContain('+0 ms');
    expect(trace.lines[2]).toContain('produced to orders[3]');
  });

  it('says an order accepted and produced but not stored is still in flight, and for how long', () => {
    const trace = orderTrace(orderId, [accepted, produced], now);
    expect(trace.state).toBe('in-flight');
    expect(trace.lines.at(-1)).toBe('in flight: order.produced but not stored yet, 1 min 0 s after it was accepted');
  });

  it('says an order with no line is unknown', () => {
    const trace = orderTrace(orderId, [], now);
    expect(trace.state).toBe('unknown');
    expect(trace.lines).toHaveLength(1);
    expect(trace.lines[0]).toMatch(/^order 0190-abc: no log line in the store/);
  });

  it('shows the warnings of an order whose steps are not in the store', () => {
    const trace = orderTrace(orderId, [warned], now);
    expect(trace.state).toBe('no-steps');
    expect(trace.lines[1]).toContain('WARN batch failed');
  });
});
