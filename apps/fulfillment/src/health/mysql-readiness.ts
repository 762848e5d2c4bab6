import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { ReadinessCheck } from '@surge/observability';

/** The database answers: draining can make progress. */
@Injectable()
export class MysqlReadiness implements ReadinessCheck {
  constructor(private readonly db: TypeOrmHealthIndicator) {}

  check() {
    return this.db.pingCheck('mysql', { timeout: 2000 });
  }
}
