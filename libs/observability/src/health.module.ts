import {
  Controller,
  Get,
  Inject,
  Module,
  type DynamicModule,
  type ModuleMetadata,
  type Provider,
  type Type,
} from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';

/** One thing an app cannot serve without, as `/health/ready` asks it (a Terminus indicator result). */
export interface ReadinessCheck {
  check(): HealthIndicatorResult | Promise<HealthIndicatorResult>;
}

const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/**
 * `/health/live` and `/health/ready` for every app: live says the process
 * answers (restart it otherwise); ready says each of the app's readiness
 * checks is up (a load balancer or an orchestrator sends work elsewhere otherwise).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.checks.map((readiness) => () => readiness.check()));
  }
}

export interface HealthOptions {
  /** The app's readiness checks, asked in this order; Terminus's indicators can be injected into them. */
  checks: Array<Type<ReadinessCheck>>;
  /** The modules that export what the checks inject. */
  imports?: ModuleMetadata['imports'];
  /** What the checks inject that only health uses. */
  providers?: Provider[];
}

@Module({})
export class HealthModule {
  static register({ checks, imports = [], providers = [] }: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule, ...imports],
      controllers: [HealthController],
      providers: [
        ...providers,
        ...checks,
        { provide: READINESS_CHECKS, useFactory: (...all: ReadinessCheck[]) => all, inject: checks },
      ],
    };
  }
}
