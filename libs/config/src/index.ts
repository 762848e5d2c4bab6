export { envReader } from './env-reader';
export { loadStackConfig } from './stack-config';
export type { StackConfig } from './stack-config';
export { AppConfigModule } from './app-config.module';
