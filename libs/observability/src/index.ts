export { HealthModule } from './health.module';
export type { ReadinessCheck } from './health.module';
export { LOG_LEVELS, loggerModule, redirectLogs, usePinoLogger } from './logger';
export type { LoggingOptions, LogLevel } from './logger';
export type { LogShippingSettings } from './log-shipping/log-shipping-settings';
export { MetricsModule } from './metrics.module';
export type { MetricsOptions } from './metrics.module';
export { serveClusterMetrics } from './cluster-metrics';
export { MysqlReadiness } from './mysql-readiness';
