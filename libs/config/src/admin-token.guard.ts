import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
  type InjectionToken,
  type Provider,
} from '@nestjs/common';

/** The admin API's bearer token, as the app's config read it (ADMIN_TOKEN). */
export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

/** Provides ADMIN_TOKEN from the `adminToken` of the config registered under configToken. */
export function adminTokenProvider(configToken: InjectionToken): Provider {
  return {
    provide: ADMIN_TOKEN,
    inject: [configToken],
    useFactory: (config: { adminToken?: string }) => config.adminToken ?? '',
  };
}

/**
 * Bearer-token check for every app's admin API. Both sides are hashed first so
 * the comparison is constant-time whatever the lengths; the token is never
 * logged. An app without a token mounts no admin API, and an empty expected
 * token matches nothing.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;
  private readonly configured: boolean;

  constructor(@Inject(ADMIN_TOKEN) token: string) {
    this.expected = digest(token);
    this.configured = token.length > 0;
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<{ headers: { authorization?: string } }>().headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!this.configured || token.length === 0 || !timingSafeEqual(digest(token), this.expected)) {
      throw new UnauthorizedException('a valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>)');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
