import {
  BadGatewayException,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import { AdminTokenGuard } from '@surge/config';
import { NotificationLog, type NotificationRow } from '../notifications/notification-log';
import { Notifier } from '../notifications/notifier.service';

/** One order's notifications for ops: where each channel stands, and sending one channel again. */
@Controller('admin/notifications')
@UseGuards(AdminTokenGuard)
export class NotificationsAdminController {
  constructor(
    private readonly log: NotificationLog,
    private readonly notifier: Notifier,
  ) {}

  @Get(':orderId')
  async show(
    @Param('orderId', new ParseUUIDPipe()) orderId: string,
  ): Promise<{ orderId: string; notifications: NotificationRow[] }> {
    const notifications = await this.log.ofOrder(orderId);
    if (notifications.length === 0) throw new NotFoundException(`no notification of order ${orderId}`);
    return { orderId, notifications };
  }

  /**
   * Resets the channel's notification and sends it now, with the ids of the
   * first send (Message-ID, webhook-id, SMS reference), so a receiver that got
   * it before drops the repeat. 502 with the row when the send failed (marked
   * failed, to be asked again).
   */
  @Post(':orderId/:channel/resend')
  @HttpCode(200)
  async resend(
    @Param('orderId', new ParseUUIDPipe()) orderId: string,
    @Param('channel') name: string,
  ): Promise<{ notification: NotificationRow }> {
    const channel = this.notifier.channel(name);
    if (!channel) throw new NotFoundException(`channel ${name} is not configured on this notifier`);
    if (!(await this.log.find(orderId, name))) {
      throw new NotFoundException(`no ${name} notification of order ${orderId}`);
    }
    const event = await this.log.outcome(orderId, name);
    if (!event) {
      throw new ConflictException(
        `the ${name} notification of order ${orderId} predates kept outcomes: replay it from the notifications DLQ`,
      );
    }
    const notification = await this.notifier.resend(event, channel);
    if (notification.status !== 'sent') {
      throw new BadGatewayException({
        message: `${name} for order ${orderId} was not sent: ${notification.lastError ?? notification.status}`,
        notification,
      });
    }
    return { notification };
  }
}
