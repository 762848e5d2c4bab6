import { EnvVarError, from } from 'env-var';

/**
 * env-var's reader plus `asCount` (an integer >= 1: env-var's asIntPositive
 * lets 0 through, which is never a sane batch size, pool or partition count)
 * and `asSecret` (at least 16 characters, so a token cannot be guessed).
 * Every error it throws names the variable, so a bad value stops the boot
 * with a message that says what to fix.
 */
export function envReader(env: NodeJS.ProcessEnv) {
  return from(env, {
    asCount: (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new EnvVarError('should be an integer of at least 1');
      return n;
    },
    asSecret: (value: string) => {
      if (value.length < 16) throw new EnvVarError('should be at least 16 characters');
      return value;
    },
  }).get;
}
