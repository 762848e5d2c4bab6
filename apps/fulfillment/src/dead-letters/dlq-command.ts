import { parseArgs } from 'node:util';
import { selectionProblem, type DeadLetterSelection } from './dead-letter-entry';

export const DLQ_USAGE = `npm run dlq -- <command>

Reads the dead-letter topic and re-drives dead letters into the orders topic.

  list [--partition P] [--from O] [--to O] [--json]
      one line per dead letter: its place (partition:offset), when, the
      source partition/offset it came from, the order id and the error
  show <partition>:<offset>
      one dead letter with its key, headers and value
  replay --all | --partition P [--from O] [--to O]
      puts the chosen dead letters back into the orders topic (after a fix);
      an order already stored is skipped, one still refused is dead-lettered again

Offsets are the dead-letter topic's own; --from and --to are inclusive.
Env (as the apps): KAFKA_BROKERS, ORDERS_TOPIC, ORDERS_DLQ_TOPIC, OUTCOMES_TOPIC, NOTIFICATIONS_DLQ_TOPIC.`;

/** `topic`: the dead-letter topic asked for with --topic; absent = the orders one. */
export type DlqCommand =
  | { name: 'list'; selection: DeadLetterSelection; json: boolean; topic?: string }
  | { name: 'show'; partition: number; offset: bigint; topic?: string }
  | { name: 'replay'; selection: DeadLetterSelection; topic?: string }
  | { name: 'help' };

export class DlqUsageError extends Error {}

const OFFSET = /^\d{1,19}$/;

export function parseDlqCommand(argv: string[]): DlqCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new DlqUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === 'help') return { name: 'help' };
  const selection = selectionOf(values);
  const topic = values.topic === undefined ? {} : { topic: values.topic };
  switch (name) {
    case 'list':
      noArguments(name, rest);
      if (values.all) throw new DlqUsageError('list shows everything unless --partition/--from/--to narrow it');
      check(selectionProblem(selection, 'list'));
      return { name, selection, json: values.json ?? false, ...topic };
    case 'show': {
      const place = /^(\d{1,9}):(\d{1,19})$/.exec(rest[0] ?? '');
      if (!place || rest.length !== 1 || Object.keys(values).some((option) => option !== 'topic')) {
        throw new DlqUsageError('show takes one <partition>:<offset>, e.g. show 3:1042');
      }
      return { name, partition: Number(place[1]), offset: BigInt(place[2]), ...topic };
    }
    case 'replay':
      noArguments(name, rest);
      check(selectionProblem(selection, { replayAll: values.all ?? false }));
      return { name, selection, ...topic };
    default:
      throw new DlqUsageError(`unknown command ${name}; commands: list, show, replay`);
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      topic: { type: 'string' },
      partition: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function selectionOf(values: { partition?: string; from?: string; to?: string }): DeadLetterSelection {
  const selection: DeadLetterSelection = {};
  if (values.partition !== undefined) {
    if (!/^\d{1,9}$/.test(values.partition)) throw new DlqUsageError('--partition must be a partition number');
    selection.partition = Number(values.partition);
  }
  for (const bound of ['from', 'to'] as const) {
    const value = values[bound];
    if (value === undefined) continue;
    if (!OFFSET.test(value)) throw new DlqUsageError(`--${bound} must be an offset (a whole number)`);
    selection[bound] = BigInt(value);
  }
  return selection;
}

function check(problem: string | null): void {
  if (problem) throw new DlqUsageError(problem);
}

function noArguments(name: string, rest: string[]): void {
  if (rest.length > 0) throw new DlqUsageError(`${name} takes options only, not ${rest.join(' ')}`);
}
