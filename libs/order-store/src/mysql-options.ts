import type { DataSourceOptions } from 'typeorm';
import { IdempotencyConflict } from './idempotency-conflict.entity';
import { Inventory } from './inventory.entity';
import { OrderItem } from './order-item.entity';
import { Order } from './order.entity';

/**
 * Connection options both apps share. The schema belongs to migrations, never
 * to synchronize, so a wrong entity cannot silently alter a production table.
 */
export function mysqlOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'mysql',
    url,
    entities: [Order, OrderItem, Inventory, IdempotencyConflict],
    synchronize: false,
    migrationsRun: false,
    poolSize,
    // Dates as UTC, bigints as strings (converted where the entity needs a number).
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    extra: { connectTimeout: 5000 },
  };
}
