import { main } from './cli/cli-runner';
import { orderTrace } from './cli/order-trace';
import { parseTraceCommand, TRACE_USAGE } from './cli/trace-command';

/** npm run trace -- ORDER_ID: exit 0 when the order is stored or in flight, 1 when the store knows no step of it. */
main<string>({
  name: 'trace',
  usage: TRACE_USAGE,
  parse: (args) => parseTraceCommand(args),
  run: async (orderId, store, out) => {
    const trace = orderTrace(orderId, await store.orderJourney(orderId), new Date());
    for (const line of trace.lines) out(line);
    return trace.state === 'stored' || trace.state === 'in-flight' ? 0 : 1;
  },
});
