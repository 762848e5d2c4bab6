export { waitFor } from './wait-for';
export type { WaitOptions } from './wait-for';
export { uniqueName } from './unique-name';
export { testStack, mysqlPool, truncateOrderTables } from './test-stack';
export { TcpProxy } from './tcp-proxy';
export { freePort } from './free-port';
export { AppProcess, launchApp, REPO_ROOT } from './app-process';
export type { AppExit, AppProcessOptions, SurgeApp } from './app-process';
export { metricValue } from './metric-value';
