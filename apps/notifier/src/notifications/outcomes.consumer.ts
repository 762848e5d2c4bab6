import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InvalidOrderOutcomeError, parseOrderOutcome, type OrderOutcomeEvent } from '@surge/contracts';
import { BatchHandlerErrorsFilter, type BatchOutcome, type DeadLetter, type InboundMessage } from '@surge/kafka';
import { Notifier } from './notifier.service';

/** Pattern the transport routes the outcomes topic to (see OUTCOMES_TOPIC config). */
export const OUTCOME_EVENTS = 'outcome-events';

@Controller()
@UseFilters(BatchHandlerErrorsFilter)
export class OutcomesConsumer {
  constructor(private readonly notifier: Notifier) {}

  /**
   * Parks what can never be an outcome, notifies the rest. A failed send
   * propagates: the transport retries the batch after a backoff and commits
   * nothing until it resolves; sends already recorded are not repeated.
   */
  @MessagePattern(OUTCOME_EVENTS)
  async notify(@Payload() messages: InboundMessage[]): Promise<BatchOutcome> {
    const events: OrderOutcomeEvent[] = [];
    const deadLetters: DeadLetter[] = [];
    for (const message of messages) {
      try {
        events.push(parseOrderOutcome(message.value));
      } catch (error) {
        if (!(error instanceof InvalidOrderOutcomeError)) throw error;
        deadLetters.push({ message, reason: error.message });
      }
    }
    await this.notifier.notify(events);
    return { deadLetters };
  }
}
