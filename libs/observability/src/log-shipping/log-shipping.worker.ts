import { parentPort } from 'node:worker_threads';
import build from 'pino-abstract-transport';
import { createKafka, LogShipper } from '@surge/kafka';
import { toLogRecordText } from './log-record-mapping';
import { SHIPPING_REPORT_EVENT, type LogShippingReport, type LogShippingWorkerOptions } from './log-shipping-settings';

/**
 * The pino transport that ships an app's lines to Kafka, run by pino in a
 * worker thread: parsing, mapping to LogRecord, compressing and sending all
 * happen here, off the thread that answers requests. Counts go back to the
 * main thread as thread-stream events, where /metrics exposes them.
 */
export default function logShippingTransport(options: LogShippingWorkerOptions) {
  const kafka = createKafka({ brokers: options.brokers, clientId: `${options.app}-logs`, quiet: true });
  const shipper = new LogShipper(kafka, options);
  let reported = '';
  const report = () => {
    const counts: LogShippingReport = { ...shipper.counts, lastError: shipper.lastError };
    const text = JSON.stringify(counts);
    if (text === reported) return;
    reported = text;
    // thread-stream re-emits { code: 'EVENT' } messages on the stream in the main thread.
    parentPort?.postMessage({ code: 'EVENT', name: SHIPPING_REPORT_EVENT, args: [counts] });
  };
  const timer = setInterval(report, options.reportIntervalMs);
  timer.unref();
  return build(
    async (source: AsyncIterable<string>) => {
      for await (const line of source) {
        // A line that is not JSON (none of pino's) is not shipped.
        let record: string;
        try {
          record = toLogRecordText(line, options.instance);
        } catch {
          continue;
        }
        shipper.push(options.app, record);
      }
    },
    {
      // The worker rewrites each line's text; parsing it is the slow path.
      parse: 'lines',
      close: async () => {
        clearInterval(timer);
        await shipper.close();
        report();
      },
    },
  );
}
