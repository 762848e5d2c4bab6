import { isRecord } from './fields';
import { ORDER_LIMITS } from './order-limits';

/** How the shopper wants to hear the outcome of an order; both parts optional. */
export interface Contact {
  email?: string;
  /** E.164, e.g. +33612345678. */
  phone?: string;
}

export function isEmail(v: unknown): v is string {
  return typeof v === 'string' && v.length <= ORDER_LIMITS.maxEmailLength && ORDER_LIMITS.emailPattern.test(v);
}

export function isPhone(v: unknown): v is string {
  return typeof v === 'string' && ORDER_LIMITS.phonePattern.test(v);
}

/** Checks an event's contact field, keeping only the parts it knows. */
export function parseContact(v: unknown, fail: (message: string) => never): Contact {
  if (!isRecord(v)) fail('contact is not an object');
  if (v.email !== undefined && !isEmail(v.email)) fail('contact.email is invalid');
  if (v.phone !== undefined && !isPhone(v.phone)) fail('contact.phone is invalid');
  return {
    ...(v.email === undefined ? {} : { email: v.email }),
    ...(v.phone === undefined ? {} : { phone: v.phone }),
  };
}
