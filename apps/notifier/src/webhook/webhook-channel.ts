import { Logger } from '@nestjs/common';
import {
  encodeOrderOutcome,
  formatTraceparent,
  TRACEPARENT_HEADER,
  type OrderOutcomeEvent,
  type TraceContext,
} from '@surge/contracts';
import { backoffDelay, type BackoffOptions } from '@surge/pacing';
import type { ChannelResult, NotificationChannel } from '../notifications/notification-channel';
import { retryAfterMs } from './retry-after';
import type { WebhookEndpoints } from './webhook-endpoints';
import { webhookHeaders, webhookKey } from './webhook-signature';

export interface WebhookOptions {
  url: string;
  /** `whsec_…` secrets; every one signs each delivery (rotation). */
  secrets: string[];
  /** Tries per delivery before the send fails (and the batch is retried later). */
  attempts: number;
  retry: BackoffOptions;
  timeoutMs: number;
}

/**
 * Posts every outcome to the storefront's endpoint, signed per Standard
 * Webhooks. The webhook-id is the outcome's event id: a delivery repeated
 * after a crash carries the same id, which the receiver uses to drop it.
 * A 410 Gone disables the endpoint (the spec's answer to an endpoint that was
 * removed), recorded in MySQL so a restart or another instance does not try it
 * again; the notifications of outcomes it never took are recorded as dropped
 * until ops enable it again.
 */
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';
  private readonly logger = new Logger(WebhookChannel.name);
  private readonly keys: Buffer[];

  constructor(
    private readonly options: WebhookOptions,
    private readonly endpoints: Pick<WebhookEndpoints, 'isDisabled' | 'disable'>,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.keys = options.secrets.map(webhookKey);
  }

  wants(): boolean {
    return true;
  }

  /** With the order's trace, the delivery carries it on (W3C traceparent), so the storefront's trace sees it. */
  async send(event: OrderOutcomeEvent, trace?: TraceContext): Promise<ChannelResult> {
    const body = encodeOrderOutcome(event);
    const traceparent: Record<string, string> = trace ? { [TRACEPARENT_HEADER]: formatTraceparent(trace) } : {};
    let lastError = '';
    for (let attempt = 0; attempt < this.options.attempts; attempt++) {
      if (await this.endpoints.isDisabled(this.options.url)) {
        return { dropped: `endpoint ${this.options.url} answered 410 Gone and is disabled` };
      }
      let wait = backoffDelay(attempt, this.options.retry);
      try {
        const answer = await fetch(this.options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...traceparent,
            ...webhookHeaders(event.eventId, new Date(), body, this.keys),
          },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        await answer.body?.cancel();
        if (answer.ok) return 'sent';
        if (answer.status === 410) {
          await this.endpoints.disable(this.options.url, `answered 410 Gone to ${event.eventId}`);
          this.logger.error(`webhook endpoint ${this.options.url} answered 410 Gone: disabled until ops enable it`);
          continue;
        }
        lastError = `endpoint answered ${answer.status}`;
        wait = retryAfterMs(answer.headers.get('retry-after'), this.options.retry.maxMs) ?? wait;
      } catch (error) {
        lastError = (error as Error).message;
      }
      if (attempt + 1 < this.options.attempts) await this.sleep(wait);
    }
    throw new Error(`webhook not delivered after ${this.options.attempts} attempts: ${lastError}`);
  }
}
