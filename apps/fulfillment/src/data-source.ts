import { DataSource } from 'typeorm';
import { mysqlOptions } from '@surge/order-store';
import { InitialSchema1764150000000 } from './migrations/1764150000000-initial-schema';
import { DrainControl1764160000000 } from './migrations/1764160000000-drain-control';
import { IdempotencyConflicts1764300000010 } from './migrations/1764300000010-idempotency-conflicts';
import { InventoryVersion1764400000001 } from './migrations/1764400000001-inventory-version';
import { DrainSettings1764500000001 } from './migrations/1764500000001-drain-settings';
import { Outbox1764600000001 } from './migrations/1764600000001-outbox';
import { Notifications1764600000002 } from './migrations/1764600000002-notifications';
import { OutboxTraceparent1764700000001 } from './migrations/1764700000001-outbox-traceparent';
import { NotificationResend1764800000001 } from './migrations/1764800000001-notification-resend';

export const MIGRATIONS = [
  InitialSchema1764150000000,
  DrainControl1764160000000,
  IdempotencyConflicts1764300000010,
  InventoryVersion1764400000001,
  DrainSettings1764500000001,
  Outbox1764600000001,
  Notifications1764600000002,
  OutboxTraceparent1764700000001,
  NotificationResend1764800000001,
];

/** The data source the migrations run through (also usable by the TypeORM CLI). */
export function createDataSource(mysqlUrl: string, poolSize = 2): DataSource {
  return new DataSource({ ...mysqlOptions(mysqlUrl, poolSize), migrations: MIGRATIONS });
}
