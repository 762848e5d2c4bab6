import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { FulfillmentConfig } from '../config';
import { FULFILLMENT_CONFIG } from '../config.token';

/**
 * Bearer-token check for the admin API. Both sides are hashed first so the
 * comparison is constant-time whatever the lengths; the token is never logged.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(FULFILLMENT_CONFIG) config: FulfillmentConfig) {
    this.expected = digest(config.adminToken ?? '');
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (token.length === 0 || !timingSafeEqual(digest(token), this.expected)) {
      throw new UnauthorizedException('a valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>)');
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
