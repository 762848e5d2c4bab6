import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_FULFILLMENT_URL, DEFAULT_INTAKE_URL, DEFAULT_MAILDEV_URL, DEFAULT_MYSQL_URL } from '@surge/config';
import { ORDER_LIMITS } from '@surge/contracts';
import { ProfileError, ramp, spike, steady, timeline, type RateProfile } from '../profile/rate-profile';

export interface LoadgenOptions {
  profile: RateProfile;
  intakeUrl: string;
  fulfillmentUrl: string;
  adminToken: string | undefined;
  mysqlUrl: string;
  runId: string;
  seed: number;
  customers: number;
  /** SKU → units to stock, hottest first. */
  stock: Map<string, number>;
  priceCents: number;
  zipfExponent: number;
  resubmitShare: number;
  maxRetries: number;
  maxSockets: number;
  maxPending: number;
  timeoutMs: number;
  drainTimeoutSeconds: number;
  outDir: string;
  audit: boolean;
  /** --notify: orders carry a contact and the audit checks their notifications; null = off. */
  notify: NotifyOptions | null;
}

/** What --notify asks the audit to check: the channels the notifier runs with, and where the mails land. */
export interface NotifyOptions {
  channels: NotifyChannel[];
  /** MailDev's web URL, whose REST API lists the mails. */
  maildevUrl: string;
  /** Repeated copies of a mail (same Message-ID, a notifier crash between send and record) the audit lets pass. */
  mailDuplicates: number;
}

export const NOTIFY_CHANNELS = ['email', 'sms', 'webhook'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

export class OptionsError extends Error {}

export const HELP = `npm run flash-sale -- [options]

Simulates a promotion against order-intake, watches fulfillment drain the
backlog, audits MySQL end to end, and writes a JSON and an HTML report.

Load profile
  --profile NAME          spike (default), steady, ramp or timeline
  --duration S            seconds of load (default 30)
  --rate N                steady: orders/s (default 200)
  --from N, --to N        ramp: orders/s at the start and at the end (default 10 → 500)
  --baseline N            spike: orders/s around the spike (default 50)
  --peak N                spike: orders/s during the spike (default 500)
  --spike-at S            spike: second the spike starts (default 10)
  --spike-length S        spike: seconds the spike lasts (default 5)
  --timeline FILE         JSON {"points":[{"at":0,"rate":50},{"at":10,"rate":800},...]}
                          rates interpolated linearly; two points at one second make a step

Shoppers and catalogue
  --customers N           customer population (default 10000)
  --stock SKU=N,...       SKUs to stock through the admin API before the load, hottest first
                          (default: ${'{run}'}-HOT-1..3 with 200 units, ${'{run}'}-SKU-4..20 with 5000)
  --price-cents N         price given to each stocked SKU (default 1999)
  --zipf S                popularity exponent over the catalogue (default 1.1)
  --resubmit-share F      share of orders sent twice with the same Idempotency-Key (default 0.05)
  --max-retries N         retries after 503/429 (honouring Retry-After) or a timeout (default 3)

Client
  --intake URL            order-intake (default ${DEFAULT_INTAKE_URL})
  --fulfillment URL       fulfillment admin API (default ${DEFAULT_FULFILLMENT_URL})
  --admin-token T         fulfillment's ADMIN_TOKEN (default: the ADMIN_TOKEN variable)
  --mysql-url URL         database the audit reads (default: MYSQL_URL or ${DEFAULT_MYSQL_URL})
  --max-sockets N         concurrent connections to intake (default 256)
  --max-pending N         requests waiting at once before the tool drops orders itself (default 20000)
  --timeout-ms N          per request (default 10000)

Notifications
  --notify CHANNELS       email,sms,webhook: the channels the notifier runs with; each order
                          gets its own email (and phone with sms), and the audit checks one
                          sent notification per order and channel, and one mail per order in MailDev
  --maildev URL           MailDev's web page and API (default ${DEFAULT_MAILDEV_URL})
  --mail-duplicates N     repeated copies of a mail the audit lets pass (default 0)

After the load
  --drain-timeout S       longest wait for the backlog to drain (default 300)
  --no-audit              skip the MySQL audit
  --out DIR               report folder (default reports)
  --run-id ID             prefix of customers, keys and default SKUs (default: fs-<random>)
  --seed N                random seed, to replay the same orders (default: random)
  -h, --help              this text

Exit status: 0 when the audit passes, 1 when it fails, 2 for bad options or an
unreachable service (nothing is sent then).`;

const SPEC = {
  profile: { type: 'string' },
  duration: { type: 'string' },
  rate: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  baseline: { type: 'string' },
  peak: { type: 'string' },
  'spike-at': { type: 'string' },
  'spike-length': { type: 'string' },
  timeline: { type: 'string' },
  customers: { type: 'string' },
  stock: { type: 'string' },
  'price-cents': { type: 'string' },
  zipf: { type: 'string' },
  'resubmit-share': { type: 'string' },
  'max-retries': { type: 'string' },
  intake: { type: 'string' },
  fulfillment: { type: 'string' },
  'admin-token': { type: 'string' },
  'mysql-url': { type: 'string' },
  'max-sockets': { type: 'string' },
  'max-pending': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'drain-timeout': { type: 'string' },
  'no-audit': { type: 'boolean' },
  notify: { type: 'string' },
  maildev: { type: 'string' },
  'mail-duplicates': { type: 'string' },
  out: { type: 'string' },
  'run-id': { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const PROFILES = ['spike', 'steady', 'ramp', 'timeline'];

/** `help` when --help was asked for; otherwise validated options, or an OptionsError naming the option. */
export function parseOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
  readFile = (p: string) => readFileSync(p, 'utf8'),
): LoadgenOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: SPEC, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new OptionsError(`${(error as Error).message} (see --help)`);
  }
  if (values.help) return 'help';
  const str = (name: string) => values[name] as string | undefined;
  const num = (name: string, fallback: number, { integer = false, min = 0, max = Number.MAX_SAFE_INTEGER } = {}) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new OptionsError(`--${name} must be a number, got "${raw}"`);
    if (integer && !Number.isInteger(n)) throw new OptionsError(`--${name} must be a whole number, got ${raw}`);
    if (n < min) throw new OptionsError(`--${name} must be at least ${min}, got ${raw}`);
    if (n > max) throw new OptionsError(`--${name} must be at most ${max}, got ${raw}`);
    return n;
  };

  const profileName = str('profile') ?? (str('timeline') ? 'timeline' : 'spike');
  if (!PROFILES.includes(profileName)) {
    throw new OptionsError(`unknown profile "${profileName}"; choose one of ${PROFILES.join(', ')}`);
  }
  const duration = num('duration', 30, { min: 0.001 });
  let profile: RateProfile;
  try {
    if (profileName === 'steady') profile = steady(num('rate', 200), duration);
    else if (profileName === 'ramp') profile = ramp(num('from', 10), num('to', 500), duration);
    else if (profileName === 'spike') {
      profile = spike(
        num('baseline', 50),
        num('peak', 500),
        num('spike-at', 10),
        num('spike-length', 5, { min: 0.001 }),
        duration,
      );
    } else {
      const file = str('timeline');
      if (!file) throw new OptionsError('--profile timeline needs --timeline FILE');
      let json: unknown;
      try {
        json = JSON.parse(readFile(file));
      } catch (error) {
        throw new OptionsError(`cannot read the timeline ${file}: ${(error as Error).message}`);
      }
      profile = timeline(json, `timeline ${file}`);
    }
  } catch (error) {
    if (error instanceof ProfileError) throw new OptionsError(error.message);
    throw error;
  }

  const runId = str('run-id') ?? `fs-${randomBytes(3).toString('hex')}`;
  if (!/^[A-Za-z0-9-]{1,24}$/.test(runId)) throw new OptionsError('--run-id must be 1-24 letters, digits or -');

  const stockOption = str('stock');
  return {
    profile,
    intakeUrl: url('intake', str('intake') ?? DEFAULT_INTAKE_URL),
    fulfillmentUrl: url('fulfillment', str('fulfillment') ?? DEFAULT_FULFILLMENT_URL),
    adminToken: str('admin-token') ?? (env.ADMIN_TOKEN || undefined),
    mysqlUrl: url('mysql-url', str('mysql-url') ?? env.MYSQL_URL ?? DEFAULT_MYSQL_URL),
    runId,
    seed: num('seed', randomBytes(4).readUInt32BE(0), { integer: true }),
    customers: num('customers', 10_000, { integer: true, min: 1 }),
    stock: stockOption === undefined ? defaultStock(runId) : parseStock(stockOption),
    priceCents: num('price-cents', 1999, { integer: true }),
    zipfExponent: num('zipf', 1.1),
    resubmitShare: num('resubmit-share', 0.05, { max: 1 }),
    maxRetries: num('max-retries', 3, { integer: true, max: 20 }),
    maxSockets: num('max-sockets', 256, { integer: true, min: 1 }),
    maxPending: num('max-pending', 20_000, { integer: true, min: 1 }),
    timeoutMs: num('timeout-ms', 10_000, { integer: true, min: 1 }),
    drainTimeoutSeconds: num('drain-timeout', 300, { min: 0 }),
    outDir: str('out') ?? 'reports',
    audit: !values['no-audit'],
    notify: notifyOptions(str('notify'), str('maildev'), num('mail-duplicates', 0, { integer: true })),
  };
}

function notifyOptions(channels: string | undefined, maildev: string | undefined, mailDuplicates: number) {
  if (channels === undefined) {
    if (maildev !== undefined) throw new OptionsError('--maildev goes with --notify');
    return null;
  }
  const named = channels.split(',').map((c) => c.trim());
  const unknown = named.filter((c) => !(NOTIFY_CHANNELS as readonly string[]).includes(c));
  if (unknown.length > 0 || named.length === 0) {
    throw new OptionsError(`--notify takes channels among ${NOTIFY_CHANNELS.join(', ')}, got "${channels}"`);
  }
  return {
    channels: [...new Set(named)] as NotifyChannel[],
    maildevUrl: url('maildev', maildev ?? DEFAULT_MAILDEV_URL),
    mailDuplicates,
  };
}

/** `SKU=units,...` in popularity order. */
export function parseStock(raw: string): Map<string, number> {
  const stock = new Map<string, number>();
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([^=]+)=(\d+)$/.exec(entry);
    if (!match) throw new OptionsError(`--stock entries are SKU=units, got "${entry}"`);
    const [, sku, units] = match;
    if (sku.length > ORDER_LIMITS.maxIdLength || !ORDER_LIMITS.idPattern.test(sku))
      throw new OptionsError(`--stock: "${sku}" is not a valid SKU (1-64 of letters, digits, ._:-)`);
    if (stock.has(sku)) throw new OptionsError(`--stock names ${sku} twice`);
    stock.set(sku, Number(units));
  }
  if (stock.size === 0) throw new OptionsError('--stock needs at least one SKU=units');
  return stock;
}

/** Three hot SKUs that sell out, and a tail with plenty: a promotion's usual shape. */
function defaultStock(runId: string): Map<string, number> {
  const stock = new Map<string, number>();
  for (let i = 1; i <= 20; i++) stock.set(i <= 3 ? `${runId}-HOT-${i}` : `${runId}-SKU-${i}`, i <= 3 ? 200 : 5000);
  return stock;
}

function url(name: string, value: string): string {
  try {
    const parsed = new URL(value);
    if (name !== 'mysql-url' && !['http:', 'https:'].includes(parsed.protocol)) throw new Error('not http(s)');
    return name === 'mysql-url' ? value : parsed.origin;
  } catch {
    throw new OptionsError(`--${name} must be a URL, got "${value}"`);
  }
}

/** Options as written into the report: the admin token and database password stay out of it. */
export function describeOptions(options: LoadgenOptions): Record<string, unknown> {
  const mysql = new URL(options.mysqlUrl);
  if (mysql.password) mysql.password = '***';
  return {
    profile: options.profile,
    intakeUrl: options.intakeUrl,
    fulfillmentUrl: options.fulfillmentUrl,
    adminToken: options.adminToken ? '(set)' : '(not set)',
    mysqlUrl: mysql.toString(),
    runId: options.runId,
    seed: options.seed,
    customers: options.customers,
    stock: Object.fromEntries(options.stock),
    priceCents: options.priceCents,
    zipfExponent: options.zipfExponent,
    resubmitShare: options.resubmitShare,
    maxRetries: options.maxRetries,
    maxSockets: options.maxSockets,
    maxPending: options.maxPending,
    timeoutMs: options.timeoutMs,
    drainTimeoutSeconds: options.drainTimeoutSeconds,
    audit: options.audit,
    notify: options.notify,
  };
}
