import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  childSpan,
  InvalidOrderOutcomeError,
  newTrace,
  parseOrderOutcome,
  parseTraceparent,
  TRACEPARENT_HEADER,
  type OrderOutcomeEvent,
  type TraceContext,
} from '@surge/contracts';
import { BatchHandlerErrorsFilter, type BatchOutcome, type DeadLetter, type InboundMessage } from '@surge/kafka';
import { NotificationLog } from './notification-log';
import { Notifier } from './notifier.service';

/** Pattern the transport routes the outcomes topic to (see OUTCOMES_TOPIC config). */
export const OUTCOME_EVENTS = 'outcome-events';

/** Names the channel a notifications dead letter was given up on; a replay carries it back. */
export const CHANNEL_HEADER = 'x-channel';
/** Set by `npm run dlq -- replay` on what it puts back. */
export const REPLAYED_FROM_HEADER = 'x-replayed-from';

@Controller()
@UseFilters(BatchHandlerErrorsFilter)
export class OutcomesConsumer {
  constructor(
    private readonly notifier: Notifier,
    private readonly log: NotificationLog,
  ) {}

  /**
   * Parks what can never be an outcome, notifies the rest, and dead-letters
   * each (outcome, channel) given up after the last try, with the channel in
   * a header and the reason. A replayed dead letter re-opens its channel's
   * failed notification first, so the replay sends (and records) it again.
   * A send that failed below the maximum propagates: the transport retries
   * the batch after a backoff and commits nothing until it resolves; sends
   * already recorded are not repeated.
   */
  @MessagePattern(OUTCOME_EVENTS)
  async notify(@Payload() messages: InboundMessage[]): Promise<BatchOutcome> {
    const events: OrderOutcomeEvent[] = [];
    const sources = new Map<string, InboundMessage>();
    // The notifier's span in each order's trace, fulfillment's continued (a new trace for an outcome sent without).
    const traces = new Map<string, TraceContext>();
    const deadLetters: DeadLetter[] = [];
    for (const message of messages) {
      let event: OrderOutcomeEvent;
      try {
        event = parseOrderOutcome(message.value);
      } catch (error) {
        if (!(error instanceof InvalidOrderOutcomeError)) throw error;
        deadLetters.push({ message, reason: error.message });
        continue;
      }
      const channel = message.headers[CHANNEL_HEADER];
      if (message.headers[REPLAYED_FROM_HEADER] !== undefined && channel !== undefined) {
        await this.log.reopen(event.orderId, channel, 'failed');
      }
      // Twice in one batch (a relay that republished): sent in parallel, both copies would go out.
      if (sources.has(event.eventId)) continue;
      events.push(event);
      sources.set(event.eventId, message);
      const parent = parseTraceparent(message.headers[TRACEPARENT_HEADER]);
      traces.set(event.eventId, parent ? childSpan(parent) : newTrace());
    }
    for (const gaveUp of await this.notifier.notify(events, traces)) {
      const source = sources.get(gaveUp.event.eventId);
      if (!source) throw new Error(`no message for outcome ${gaveUp.event.eventId}`);
      deadLetters.push({
        message: { ...source, headers: { ...source.headers, [CHANNEL_HEADER]: gaveUp.channel } },
        reason: gaveUp.reason,
      });
    }
    return { deadLetters };
  }
}
