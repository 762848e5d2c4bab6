import { Writable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { LOG_INSTANCE_HEADER } from '@surge/contracts';
import { createKafka, LogShipper } from '@surge/kafka';
import { LineSplitter } from './line-splitter';
import { SHIPPING_REPORT_EVENT, type LogShippingReport, type LogShippingWorkerOptions } from './log-shipping-settings';

/**
 * The pino transport that ships an app's lines to Kafka, run by pino in a
 * worker thread: batching, compressing and sending happen here, off the
 * thread that answers requests. Lines go as pino wrote them, with the
 * process's name in a header; readers make LogRecords of them (toLogRecord).
 * It is a plain Writable fed chunks of many lines: pino-abstract-transport
 * reads one line per async iteration, and parsing and rewriting each line
 * here cost the app more than sending it (measured; docs/logs.md).
 * Counts go back to the main thread as thread-stream events, where /metrics
 * exposes them.
 */
export default function logShippingTransport(options: LogShippingWorkerOptions): Writable {
  const kafka = createKafka({ brokers: options.brokers, clientId: `${options.app}-logs`, quiet: true });
  const shipper = new LogShipper(kafka, {
    ...options,
    key: options.app,
    headers: { [LOG_INSTANCE_HEADER]: options.instance },
  });
  const lines = new LineSplitter();
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
  return new Writable({
    // thread-stream hands over strings; keep them strings.
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      shipper.push(lines.split(chunk));
      done();
    },
    final(done) {
      clearInterval(timer);
      shipper.close().then(() => {
        report();
        done();
      }, done);
    },
  });
}
