export { Order } from './order.entity';
export { OrderItem } from './order-item.entity';
export { Inventory } from './inventory.entity';
export { IdempotencyConflict } from './idempotency-conflict.entity';
export { mysqlOptions } from './mysql-options';
