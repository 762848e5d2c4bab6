import { Global, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';

/**
 * Provides an app's config, read once at boot, under the app's token. Global
 * on purpose, like @nestjs/config's isGlobal: nearly every feature module reads
 * it, and it is a plain value with no dependencies of its own. Nothing else an
 * app registers needs to be global.
 */
@Global()
@Module({})
export class AppConfigModule {
  static register<T>(token: InjectionToken, config: T): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: token, useValue: config }], exports: [token] };
  }
}
