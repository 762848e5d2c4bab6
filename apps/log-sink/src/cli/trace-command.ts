import { CliUsageError } from './cli-runner';

export const TRACE_USAGE = `usage: npm run trace -- ORDER_ID

Prints the order's journey from the log store (OPENSEARCH_URL, LOG_INDEX_PREFIX):
intake accepted, produced (partition, offset), fulfillment stored (fulfilled or
rejected, why), notifications sent, and any warning or error about the order,
oldest first, each with the time since the line before.`;

/** Longer than any order id Surge gives (a UUID) by far, short enough to keep a mistake bounded. */
const MAX_ORDER_ID_LENGTH = 200;

/** The order id to trace, or 'help'. */
export function parseTraceCommand(args: string[]): string | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  if (args.length !== 1) throw new CliUsageError(`name one order id, got ${args.length} arguments`);
  const [orderId] = args;
  if (orderId.startsWith('-')) throw new CliUsageError(`unknown option ${orderId}`);
  if (!/^\S+$/.test(orderId) || orderId.length > MAX_ORDER_ID_LENGTH) {
    throw new CliUsageError(`an order id has no spaces and at most ${MAX_ORDER_ID_LENGTH} characters`);
  }
  return orderId;
}
