import { loadFulfillmentConfig } from '../../apps/fulfillment/src/config';
import { loadLogSinkConfig } from '../../apps/log-sink/src/config';
import { loadNotifierConfig } from '../../apps/notifier/src/config';
import { loadIntakeConfig } from '../../apps/order-intake/src/config';
import { demoWebhookPort, demoWebhookUrl } from './demo-storefront';

/**
 * Prints the ports the demo's apps will listen on, one `<what> <port> [url]` a line,
 * read as the apps read them, so demo.sh can refuse a taken port before it
 * starts anything without keeping its own copy of the defaults.
 */
const intake = loadIntakeConfig();
const lines = [
  `order-intake ${intake.port}`,
  `fulfillment ${loadFulfillmentConfig().port}`,
  `notifier ${loadNotifierConfig().port}`,
  `demo-webhook ${demoWebhookPort()} ${demoWebhookUrl()}`,
];
if (intake.internal) lines.push(`order-intake-internal ${intake.internal.port}`);
// --log-sink: demo.sh starts it too (the log stack is up).
if (process.argv.includes('--log-sink')) lines.push(`log-sink ${loadLogSinkConfig().port}`);
console.log(lines.join('\n'));
