import { ORDER_STEPS, type OrderStep } from '@surge/contracts';
import type { LogDocument } from '@surge/log-store';
import { formatDuration, problem } from './log-line-format';

/** Where the order's journey stands, from the steps its lines record. */
export type TraceState = 'unknown' | 'no-steps' | 'in-flight' | 'stored';

export interface OrderTrace {
  state: TraceState;
  /** What `npm run trace` prints, line by line. */
  lines: string[];
}

function stepDetail(line: LogDocument): string {
  switch (line.step as OrderStep) {
    case 'order.accepted':
      return 'accepted';
    case 'order.produced':
      return `produced to ${line.topic ?? '?'}[${line.partition ?? '?'}] at offset ${line.offset ?? '?'}`;
    case 'order.stored':
      return `stored ${line.outcome ?? '?'}${line.reason ? ` (${line.reason})` : ''}`;
    case 'notification.sent':
      return `notification sent by ${line.channel ?? '?'}`;
  }
}

function isStep(line: LogDocument): boolean {
  return (ORDER_STEPS as readonly string[]).includes(line.step ?? '');
}

/**
 * Intake writes one line per order for two steps (docs/tracing.md): the
 * `order.produced` line carries `acceptedAt`, when the order was accepted.
 * That step is shown from it, unless a line of its own records it.
 */
function withAcceptedStep(found: LogDocument[]): LogDocument[] {
  if (found.some((line) => line.step === 'order.accepted')) return found;
  const produced = found.find(
    (line) =>
      line.step === 'order.produced' && line.acceptedAt !== undefined && !Number.isNaN(Date.parse(line.acceptedAt)),
  );
  return produced?.acceptedAt ? [...found, { ...produced, step: 'order.accepted', time: produced.acceptedAt }] : found;
}

/**
 * The order's journey from its log lines: every step and every warning or
 * error, oldest first (steps in journey order within one millisecond), each
 * with its timestamp and the time since the line before; then one line that
 * says where the order stands. `now` dates an order still in flight.
 */
export function orderTrace(orderId: string, found: LogDocument[], now: Date): OrderTrace {
  if (found.length === 0) {
    return {
      state: 'unknown',
      lines: [
        `order ${orderId}: no log line in the store. The id is unknown, or its lines are older than the ` +
          'retention, or they are still on their way (the sink stores them within seconds).',
      ],
    };
  }
  const rank = (line: LogDocument) => (isStep(line) ? ORDER_STEPS.indexOf(line.step as OrderStep) : ORDER_STEPS.length);
  const journey = withAcceptedStep(found).sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || rank(a) - rank(b));
  const traceIds = [...new Set(journey.map((line) => line.traceId).filter(Boolean))];
  const lines = [`order ${orderId}${traceIds.length > 0 ? `, trace ${traceIds.join(', ')}` : ''}`];
  let previous: number | null = null;
  for (const line of journey) {
    const at = Date.parse(line.time);
    const since = previous === null ? 'start'.padStart(10) : `+${formatDuration(at - previous)}`.padStart(10);
    previous = at;
    const what = isStep(line) ? stepDetail(line) : `${line.level.toUpperCase()} ${problem(line)}`;
    lines.push(`  ${line.time}  ${since}  ${line.app.padEnd(12)}  ${what}`);
  }
  const steps = new Map(journey.filter(isStep).map((line) => [line.step as OrderStep, line]));
  const accepted = steps.get('order.accepted');
  const stored = steps.get('order.stored');
  if (stored) {
    const after = accepted
      ? ` ${formatDuration(Date.parse(stored.time) - Date.parse(accepted.time))} after it was accepted`
      : '';
    const sent = journey.filter((line) => line.step === 'notification.sent').map((line) => line.channel ?? '?');
    const notified = sent.length > 0 ? `; notified by ${sent.join(', ')}` : '; no notification sent yet';
    lines.push(`${stepDetail(stored)}${after}${notified}`);
    return { state: 'stored', lines };
  }
  const reached = accepted ?? steps.get('order.produced');
  if (reached) {
    const last = ORDER_STEPS.filter((step) => steps.has(step)).at(-1) as OrderStep;
    const waiting = formatDuration(now.getTime() - Date.parse(reached.time));
    lines.push(
      `in flight: ${last} but not stored yet, ${waiting} after it was ${reached.step === 'order.accepted' ? 'accepted' : 'produced'}`,
    );
    return { state: 'in-flight', lines };
  }
  lines.push('none of the lines records a step of the order: its steps are not in the store (yet)');
  return { state: 'no-steps', lines };
}
