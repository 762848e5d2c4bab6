import type { LogRecord } from '@surge/contracts';
import { LOG_LEVEL_ORDER, type LogFilter } from '@surge/log-store';
import { CliUsageError } from './cli-runner';

export const LOGS_USAGE = `usage: npm run logs -- [--app APP] [--level LEVEL] [--since AGE|TIME] [--order ID] [--grep TEXT] [--limit N]

Searches the log store (OPENSEARCH_URL, LOG_INDEX_PREFIX) and prints the newest lines first.
  --app APP       lines of one app: order-intake, fulfillment, notifier, log-sink
  --level LEVEL   this level and louder: ${LOG_LEVEL_ORDER.join(', ')}
  --since AGE     lines of the last 30s, 10m, 2h or 3d; or since an ISO 8601 time
  --order ID      lines about one order (npm run trace -- ID shows its journey)
  --grep TEXT     lines whose message has these words, in this order
  --limit N       at most N lines, 1 to ${10_000} (default 50)`;

const OPTIONS = ['app', 'level', 'since', 'order', 'grep', 'limit'] as const;
type Option = (typeof OPTIONS)[number];
const MAX_LIMIT = 10_000;
/** Longest value any option takes: an id, an app name, a phrase. */
const MAX_VALUE_LENGTH = 500;
const AGE_UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function since(value: string, now: Date): Date {
  const age = /^(\d{1,6})([smhd])$/.exec(value);
  if (age) return new Date(now.getTime() - Number(age[1]) * AGE_UNITS_MS[age[2]]);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new CliUsageError(`--since takes an age (30s, 10m, 2h, 3d) or an ISO 8601 time, got "${value}"`);
}

/** `--help`, or the filter the arguments describe; `now` anchors --since ages. */
export function parseLogsCommand(args: string[], now: Date): LogFilter | 'help' {
  const given = new Map<Option, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new CliUsageError(`unexpected argument "${arg}"`);
    const name = match[1] as Option;
    if (!OPTIONS.includes(name)) throw new CliUsageError(`unknown option --${match[1]}`);
    const value = match[2] ?? args[++i];
    if (value === undefined || value === '' || (match[2] === undefined && value.startsWith('--'))) {
      throw new CliUsageError(`--${name} needs a value`);
    }
    if (value.length > MAX_VALUE_LENGTH)
      throw new CliUsageError(`--${name} is longer than ${MAX_VALUE_LENGTH} characters`);
    if (given.has(name)) throw new CliUsageError(`--${name} is given twice`);
    given.set(name, value);
  }
  const filter: LogFilter = { limit: 50 };
  const level = given.get('level');
  if (level !== undefined) {
    if (!LOG_LEVEL_ORDER.includes(level as LogRecord['level'])) {
      throw new CliUsageError(`--level takes one of ${LOG_LEVEL_ORDER.join(', ')}, got "${level}"`);
    }
    filter.level = level as LogRecord['level'];
  }
  const limit = given.get('limit');
  if (limit !== undefined) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      throw new CliUsageError(`--limit takes a whole number from 1 to ${MAX_LIMIT}, got "${limit}"`);
    }
    filter.limit = n;
  }
  const from = given.get('since');
  if (from !== undefined) filter.since = since(from, now);
  if (given.has('app')) filter.app = given.get('app');
  if (given.has('order')) filter.orderId = given.get('order');
  if (given.has('grep')) filter.grep = given.get('grep');
  return filter;
}
