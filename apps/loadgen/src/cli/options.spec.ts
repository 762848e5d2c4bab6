import { totalArrivals } from '../profile/rate-profile';
import { OptionsError, parseOptions, parseStock, type LoadgenOptions } from './options';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}) =>
  parseOptions(args, env, (path) => {
    if (!(path in files)) throw new Error(`ENOENT: ${path}`);
    return files[path];
  }) as LoadgenOptions;

describe('parseOptions', () => {
  it('defaults to a 30 s spike against localhost', () => {
    const o = parse([], { ADMIN_TOKEN: 'token-from-the-environment' });
    expect(o.profile.name).toBe('spike');
    expect(o.profile.points[o.profile.points.length - 1].at).toBe(30);
    expect(o.intakeUrl).toBe('http://127.0.0.1:3000');
    expect(o.fulfillmentUrl).toBe('http://127.0.0.1:3001');
    expect(o.adminToken).toBe('token-from-the-environment');
    expect(o.stock.size).toBe(20);
    expect(o.runId).toMatch(/^fs-[0-9a-f]{6}$/);
    expect(o.audit).toBe(true);
  });

  it('--help wins over everything else', () => {
    expect(parseOptions(['--profile', 'nope', '--help'], {})).toBe('help');
  });

  it('builds each profile from its options', () => {
    expect(totalArrivals(parse(['--profile', 'steady', '--rate', '40', '--duration', '5']).profile)).toBe(200);
    expect(totalArrivals(parse(['--profile', 'ramp', '--from', '0', '--to', '100', '--duration', '4']).profile)).toBe(
      200,
    );
    const timeline = JSON.stringify({
      points: [
        { at: 0, rate: 10 },
        { at: 3, rate: 10 },
      ],
    });
    const o = parse(['--timeline', 'promo.json'], {}, { 'promo.json': timeline });
    expect(o.profile.name).toBe('timeline promo.json');
    expect(totalArrivals(o.profile)).toBe(30);
  });

  it('reads --stock in popularity order, and the flag beats the environment token', () => {
    const o = parse(['--stock', 'PHONE=2000, CASE=50', '--admin-token', 'flag-token-123456'], { ADMIN_TOKEN: 'env' });
    expect([...o.stock]).toEqual([
      ['PHONE', 2000],
      ['CASE', 50],
    ]);
    expect(o.adminToken).toBe('flag-token-123456');
  });

  it.each([
    [['--profile', 'flat'], /unknown profile "flat"/],
    [['--profile', 'steady', '--rate=-5'], /--rate must be at least 0/],
    [['--profile', 'steady', '--rate', 'fast'], /--rate must be a number/],
    [['--duration', '0'], /--duration must be at least/],
    [['--spike-at', '28'], /within the duration/],
    [['--profile', 'timeline'], /needs --timeline FILE/],
    [['--timeline', 'missing.json'], /cannot read the timeline missing.json/],
    [['--intake', 'localhost:3000'], /--intake must be a URL/],
    [['--max-sockets', '0'], /--max-sockets must be at least 1/],
    [['--resubmit-share', '1.5'], /at most 1/],
    [['--stock', 'PHONE'], /SKU=units/],
    [['--stock', 'bad sku=5'], /not a valid SKU/],
    [['--stock', 'A=1,A=2'], /twice/],
    [['--run-id', 'has_underscore'], /--run-id/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--notify', 'email,fax'], /--notify takes channels among email, sms, webhook/],
    [['--maildev', 'http://127.0.0.1:1080'], /--maildev goes with --notify/],
    [['--notify', 'email', '--maildev', 'mail'], /--maildev must be a URL/],
  ])('refuses %j', (args, message) => {
    expect(() => parse(args)).toThrow(OptionsError);
    expect(() => parse(args)).toThrow(message);
  });

  it('reads --notify channels and where MailDev is, off by default', () => {
    expect(parse([])).toMatchObject({ notify: null });
    expect(parse(['--notify', 'email,webhook,email', '--mail-duplicates', '3'])).toMatchObject({
      notify: { channels: ['email', 'webhook'], maildevUrl: 'http://127.0.0.1:1080', mailDuplicates: 3 },
    });
  });

  it('parseStock refuses an empty list', () => {
    expect(() => parseStock(' , ')).toThrow(/at least one/);
  });
});
