import { Inventory } from './inventory.entity';
import { mysqlOptions } from './mysql-options';
import { OrderItem } from './order-item.entity';
import { Order } from './order.entity';

describe('mysqlOptions', () => {
  const options = mysqlOptions('mysql://root@127.0.0.1:3306/surge', 4);

  it('leaves the schema to migrations', () => {
    expect(options.synchronize).toBe(false);
    expect(options.migrationsRun).toBe(false);
  });

  it('maps every order-store entity, with the pool size asked for', () => {
    expect(options.entities).toEqual([Order, OrderItem, Inventory]);
    expect(options.poolSize).toBe(4);
  });
});
