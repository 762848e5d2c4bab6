import { createKafka } from '@surge/kafka';
import { deadLetterTopicsFor, loadDeadLetterToolConfig, type DeadLetterToolConfig } from './config';
import type { DeadLetterEntry } from './dead-letters/dead-letter-entry';
import { DeadLetterTopic, type DeadLetterTopics } from './dead-letters/dead-letter-topic';
import { DLQ_USAGE, DlqUsageError, parseDlqCommand, type DlqCommand } from './dead-letters/dlq-command';

function line(e: DeadLetterEntry): string {
  const source = `${e.source.topic}[${e.source.partition ?? '?'}]@${e.source.offset ?? '?'}`;
  return `${`${e.partition}:${e.offset}`.padEnd(10)} ${e.time}  from ${source}  ${e.orderId ?? e.key ?? '-'}  ${e.error}`;
}

async function run(
  command: Exclude<DlqCommand, { name: 'help' }>,
  config: DeadLetterToolConfig,
  topics: DeadLetterTopics,
): Promise<number> {
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'surge-dlq' });
  const topic = new DeadLetterTopic(kafka, topics);
  const out = (text: string) => process.stdout.write(`${text}\n`);
  switch (command.name) {
    case 'list': {
      const entries = await topic.list(command.selection);
      if (command.json) for (const e of entries) out(JSON.stringify(e));
      else {
        for (const e of entries) out(line(e));
        out(`${entries.length} dead letter(s) in ${topics.deadLetterTopic}`);
      }
      return 0;
    }
    case 'show': {
      const found = await topic.show(command.partition, command.offset);
      if (!found) {
        out(`no dead letter at ${command.partition}:${command.offset} in ${topics.deadLetterTopic}`);
        return 1;
      }
      const { entry, message } = found;
      out(
        JSON.stringify({ ...entry, headers: message.headers, value: message.value?.toString('utf8') ?? null }, null, 2),
      );
      return 0;
    }
    case 'replay': {
      const { replayed, ordersTopic } = await topic.replay(command.selection);
      for (const e of replayed) out(`replayed ${line(e)}`);
      out(`${replayed.length} dead letter(s) replayed into ${ordersTopic}`);
      return 0;
    }
  }
}

async function main(): Promise<number> {
  let command: DlqCommand;
  try {
    command = parseDlqCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof DlqUsageError)) throw error;
    process.stderr.write(`dlq: ${error.message}\n\n${DLQ_USAGE}\n`);
    return 2;
  }
  if (command.name === 'help') {
    process.stdout.write(`${DLQ_USAGE}\n`);
    return 0;
  }
  const config = loadDeadLetterToolConfig();
  const topics = deadLetterTopicsFor(config, command.topic);
  if (typeof topics === 'string') {
    process.stderr.write(`dlq: ${topics}\n\n${DLQ_USAGE}\n`);
    return 2;
  }
  return run(command, config, topics);
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`dlq: ${error.message}\n`);
    process.exit(1);
  },
);
