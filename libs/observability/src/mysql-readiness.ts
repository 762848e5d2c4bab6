import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { ReadinessCheck } from './health.module';

/** The database answers: the app can record its work (fulfillment drains, the notifier records sends). */
@Injectable()
export class MysqlReadiness implements ReadinessCheck {
  constructor(private readonly db: TypeOrmHealthIndicator) {}

  check() {
    return this.db.pingCheck('mysql', { timeout: 2000 });
  }
}
