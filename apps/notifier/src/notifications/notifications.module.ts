import { Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { logTopicSpecs, orderTopicSpecs } from '@surge/contracts';
import { KAFKA_CLIENT, consumerTransport, KafkaModule, provisionTopics, type Kafka } from '@surge/kafka';
import type { NotifierConfig } from '../config';
import { NOTIFIER_CONFIG } from '../config.token';
import { EmailChannel } from '../email/email-channel';
import { HttpSmsGateway } from '../sms/http-sms-gateway';
import { SmsChannel } from '../sms/sms-channel';
import { WebhookChannel } from '../webhook/webhook-channel';
import { WebhookEndpoints } from '../webhook/webhook-endpoints';
import { ChannelPacing } from './channel-pacing';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-channel';
import { NotificationLog } from './notification-log';
import { Notifier } from './notifier.service';
import { OUTCOME_EVENTS, OutcomesConsumer } from './outcomes.consumer';

/** The notifier's batch transport, as bootstrap connects it. */
export const NOTIFY_TRANSPORT = Symbol('NOTIFY_TRANSPORT');

@Module({
  imports: [
    KafkaModule.register<NotifierConfig>({
      config: NOTIFIER_CONFIG,
      settings: (config) => ({ brokers: config.kafkaBrokers, clientId: 'surge-notifier' }),
    }),
  ],
  controllers: [OutcomesConsumer],
  providers: [
    NotificationLog,
    Notifier,
    WebhookEndpoints,
    {
      provide: ChannelPacing,
      inject: [NOTIFIER_CONFIG],
      useFactory: (config: NotifierConfig) => new ChannelPacing({ ...config.rates }),
    },
    {
      provide: NOTIFICATION_CHANNELS,
      inject: [NOTIFIER_CONFIG, WebhookEndpoints],
      useFactory: (config: NotifierConfig, endpoints: WebhookEndpoints): NotificationChannel[] => [
        new EmailChannel(config.smtpUrl, config.mailFrom, config.smtpTimeoutMs),
        ...(config.webhookUrl
          ? [
              new WebhookChannel(
                {
                  url: config.webhookUrl,
                  secrets: config.webhookSecrets,
                  attempts: config.webhookAttempts,
                  retry: { initialMs: config.webhookRetryInitialMs, maxMs: config.webhookRetryMaxMs },
                  timeoutMs: config.webhookTimeoutMs,
                },
                endpoints,
              ),
            ]
          : []),
        ...(config.smsGatewayUrl && config.smsGatewayToken
          ? [
              new SmsChannel(
                new HttpSmsGateway({
                  url: config.smsGatewayUrl,
                  token: config.smsGatewayToken,
                  from: config.smsFrom,
                  timeoutMs: config.smsGatewayTimeoutMs,
                }),
              ),
            ]
          : []),
      ],
    },
    {
      provide: NOTIFY_TRANSPORT,
      inject: [KAFKA_CLIENT, NOTIFIER_CONFIG],
      useFactory: async (kafka: Kafka, config: NotifierConfig) => {
        await provisionTopics(kafka, [
          ...orderTopicSpecs(config).filter((spec) =>
            [config.outcomesTopic, config.notificationsDeadLetterTopic].includes(spec.topic),
          ),
          // So the lines this app ships have somewhere to go on a fresh stack.
          ...logTopicSpecs(config),
        ]);
        // No ceiling: notifications are paced by the channels, not by a group rate.
        return consumerTransport(kafka, config, {
          pattern: OUTCOME_EVENTS,
          topic: config.outcomesTopic,
          deadLetterTopic: config.notificationsDeadLetterTopic,
        });
      },
    },
  ],
  exports: [NOTIFY_TRANSPORT, Notifier, NotificationLog, WebhookEndpoints],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[]) {}

  onApplicationShutdown(): void {
    for (const channel of this.channels) if (channel instanceof EmailChannel) channel.close();
  }
}
