import { Module } from '@nestjs/common';
import { AdminTokenGuard, adminTokenProvider } from '@surge/config';
import { NOTIFIER_CONFIG } from '../config.token';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsAdminController } from './notifications-admin.controller';
import { WebhookAdminController } from './webhook-admin.controller';

/** Mounted only when ADMIN_TOKEN is configured, behind the same guard as fulfillment's admin API. */
@Module({
  imports: [NotificationsModule],
  controllers: [NotificationsAdminController, WebhookAdminController],
  providers: [adminTokenProvider(NOTIFIER_CONFIG), AdminTokenGuard],
})
export class AdminModule {}
