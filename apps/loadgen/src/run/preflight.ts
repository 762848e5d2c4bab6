import type { Pool } from 'mysql2/promise';
import { request } from 'undici';
import type { LoadgenOptions } from '../cli/options';
import { FulfillmentAdmin } from '../fulfillment/fulfillment-admin';

/** A problem found before any order is sent: bad setup, unreachable service. */
export class PreflightError extends Error {}

async function reachable(url: string, what: string, how: string): Promise<void> {
  try {
    const response = await request(url, { headersTimeout: 3000, bodyTimeout: 3000 });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
  } catch (error) {
    const failure = error as Error & { code?: string };
    throw new PreflightError(`cannot reach ${what} at ${url} (${failure.code ?? failure.message}); ${how}`);
  }
}

/** Everything checked before the first order: a run that cannot finish should not start. */
export async function preflight(options: LoadgenOptions, db: Pool | null): Promise<FulfillmentAdmin> {
  if (!options.adminToken) {
    throw new PreflightError(
      'no admin token: pass --admin-token or set ADMIN_TOKEN to the token fulfillment runs with; ' +
        'the tool needs the admin API to stock the SKUs (--stock) and to read the backlog',
    );
  }
  await reachable(
    `${options.intakeUrl}/health/ready`,
    'order-intake',
    'start it (npm run start:intake) or pass --intake URL',
  );
  await reachable(
    `${options.fulfillmentUrl}/health/ready`,
    'fulfillment',
    'start it (npm run start:fulfillment) or pass --fulfillment URL',
  );
  const admin = new FulfillmentAdmin(options.fulfillmentUrl, options.adminToken);
  try {
    await admin.backlog();
  } catch (error) {
    throw new PreflightError((error as Error).message);
  }
  if (db) {
    await db.query('SELECT 1 FROM orders LIMIT 1').catch((error: Error) => {
      throw new PreflightError(`cannot query MySQL for the audit (${error.message}); pass --mysql-url or --no-audit`);
    });
  }
  return admin;
}
