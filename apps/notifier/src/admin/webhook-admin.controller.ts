import { Controller, Get, HttpCode, Inject, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { AdminTokenGuard } from '@surge/config';
import type { NotifierConfig } from '../config';
import { NOTIFIER_CONFIG } from '../config.token';
import { WebhookEndpoints, type WebhookEndpointState } from '../webhook/webhook-endpoints';

/** The storefront's webhook endpoint: whether a 410 disabled it, and enabling it again. */
@Controller('admin/webhook')
@UseGuards(AdminTokenGuard)
export class WebhookAdminController {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
  ) {}

  @Get()
  state(): Promise<WebhookEndpointState> {
    return this.endpoints.state(this.url());
  }

  /** Deliveries resume with the next outcome; those dropped meanwhile are re-sent per order (resend). */
  @Post('enable')
  @HttpCode(200)
  async enable(): Promise<WebhookEndpointState> {
    await this.endpoints.enable(this.url());
    return this.endpoints.state(this.url());
  }

  private url(): string {
    if (!this.config.webhookUrl) throw new NotFoundException('no webhook is configured (WEBHOOK_URL)');
    return this.config.webhookUrl;
  }
}
