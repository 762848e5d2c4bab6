import type { OrderOutcomeEvent, TraceContext } from '@surge/contracts';

/**
 * What a send came to: sent, or dropped for good with the reason (an endpoint
 * that is gone). A send that may succeed later throws instead.
 */
export type ChannelResult = 'sent' | { dropped: string };

/**
 * One way of telling an outcome. A channel sends, drops or throws; the
 * notifier records which, so a redelivered outcome is not sent again once
 * recorded.
 */
export interface NotificationChannel {
  /** Stored in notifications.channel and used as the metrics label. */
  readonly name: string;
  /** Whether this outcome is for this channel at all (an email needs an address). */
  wants(event: OrderOutcomeEvent): boolean;
  /** `trace`: the notifier's span in the order's trace, for a channel that can pass it on. */
  send(event: OrderOutcomeEvent, trace?: TraceContext): Promise<ChannelResult>;
}

/** Every channel the app registered, under one token. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
