import { envReader } from '@surge/config';

/**
 * The demo's stand-in storefront: the port its webhook endpoint listens on
 * (DEMO_WEBHOOK_PORT), read here once for demo.sh (through app-ports.ts) and
 * the burst, so both agree without two copies of the default.
 */
export function demoWebhookPort(env: NodeJS.ProcessEnv = process.env): number {
  return envReader(env)('DEMO_WEBHOOK_PORT').default('3090').asPortNumber();
}

/** Where the notifier posts the demo's webhooks. */
export function demoWebhookUrl(port = demoWebhookPort()): string {
  return `http://127.0.0.1:${port}/surge-webhooks`;
}
