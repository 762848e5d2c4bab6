import { isIP } from 'node:net';
import { from } from 'env-var';

/**
 * env-var's reader plus `asCount` (an integer >= 1: env-var's asIntPositive
 * lets 0 through, which is never a sane batch size, pool or partition count),
 * `asShare` (a fraction strictly between 0 and 1), `asSecret` (at least 16
 * characters, so a token cannot be guessed) and `asHost` (an IP address or a
 * host name to bind, checked before listen fails with an address that names
 * no variable).
 * Every error it throws names the variable, so a bad value stops the boot
 * with a message that says what to fix. The accessors throw plain errors:
 * env-var wraps them in its EnvVarError with the variable's name, and an
 * EnvVarError thrown here would be prefixed twice ("env-var: … env-var: …").
 */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function envReader(env: NodeJS.ProcessEnv) {
  return from(env, {
    asCount: (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error('should be an integer of at least 1');
      return n;
    },
    asShare: (value: string) => {
      const n = Number(value);
      if (value.trim() === '' || !(n > 0 && n < 1)) throw new Error('should be a number between 0 and 1, e.g. 0.5');
      return n;
    },
    asSecret: (value: string) => {
      if (value.length < 16) throw new Error('should be at least 16 characters');
      return value;
    },
    asHost: (value: string) => {
      if (isIP(value) === 0 && !HOST_NAME.test(value)) {
        throw new Error('should be an IP address (0.0.0.0, 127.0.0.1, ::) or a host name');
      }
      return value;
    },
  }).get;
}
