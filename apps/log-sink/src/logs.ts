import type { LogFilter } from '@surge/log-store';
import { main } from './cli/cli-runner';
import { formatLogLine } from './cli/log-line-format';
import { LOGS_USAGE, parseLogsCommand } from './cli/logs-command';

/** npm run logs -- [options]: the newest matching lines first. */
main<LogFilter>({
  name: 'logs',
  usage: LOGS_USAGE,
  parse: parseLogsCommand,
  run: async (filter, store, out) => {
    const lines = await store.search(filter);
    for (const line of lines) out(formatLogLine(line));
    out(
      `${lines.length} line(s)${lines.length === filter.limit ? ` (the newest ${filter.limit}; --limit for more)` : ''}`,
    );
    return 0;
  },
});
