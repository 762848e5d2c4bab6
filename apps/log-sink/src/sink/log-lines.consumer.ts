import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { BatchOutcome, DeadLetter, InboundMessage } from '@surge/kafka';
import { BulkIncompleteError, LogStore, type LogDocument } from '@surge/log-store';
import { lineDeadLetter, toLogDocuments, type ReadLine } from './log-line';
import { SinkMetrics } from './sink-metrics';

/** Pattern the transport routes the log topic to (see LOGS_TOPIC config). */
export const LOG_LINES = 'log-lines';

@Controller()
export class LogLinesConsumer {
  constructor(
    @Inject(LogStore) private readonly store: LogStore,
    private readonly metrics: SinkMetrics,
  ) {}

  /**
   * Writes the lines of a batch of messages in one bulk request. A line that is no log record,
   * or that the store refuses for good, is dead-lettered with the reason and
   * the partition moves on. A store that is down, slow or overloaded throws
   * (LogStoreUnavailableError): the transport backs off and writes the same
   * batch again, committing nothing meanwhile, and the lines written by the
   * failed attempt come back as duplicates of themselves.
   */
  @MessagePattern(LOG_LINES)
  async write(@Payload() messages: InboundMessage[]): Promise<BatchOutcome> {
    const deadLetters: DeadLetter[] = [];
    const lines: ReadLine[] = [];
    for (const message of messages) {
      const read = toLogDocuments(message);
      lines.push(...read.read);
      deadLetters.push(...read.deadLetters);
    }
    const documents = lines.map((line) => line.document);
    let result;
    try {
      result = await this.store.bulkCreate(documents);
    } catch (error) {
      // Lines new in a write that failed in part are duplicates on the retry: count them now.
      if (error instanceof BulkIncompleteError) this.record(documents, error.partial);
      throw error;
    }
    for (const { position, reason } of result.refused) {
      const { message, line } = lines[position];
      deadLetters.push(lineDeadLetter(message, line, `refused by the log store: ${reason}`));
    }
    this.record(documents, result);
    return { deadLetters };
  }

  private record(documents: LogDocument[], { created, duplicates }: { created: number[]; duplicates: number[] }): void {
    this.metrics.stored(
      created.map((position) => documents[position]),
      duplicates.length,
    );
  }
}
