import { mysqlOptions } from './mysql-options';

describe('mysqlOptions', () => {
  const options = mysqlOptions('mysql://root@127.0.0.1:3306/surge', 4);

  it('leaves the schema to migrations', () => {
    expect(options.synchronize).toBe(false);
    expect(options.migrationsRun).toBe(false);
  });

  it('connects where it is told with the pool size asked for, dates in UTC', () => {
    expect(options).toMatchObject({
      type: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/surge',
      poolSize: 4,
      timezone: 'Z',
    });
  });
});
