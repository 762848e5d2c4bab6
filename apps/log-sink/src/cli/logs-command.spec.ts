import { CliUsageError } from './cli-runner';
import { parseLogsCommand } from './logs-command';

const now = new Date('2026-11-27T04:00:00.000Z');

describe('parseLogsCommand', () => {
  it('searches the newest 50 lines without arguments', () => {
    expect(parseLogsCommand([], now)).toEqual({ limit: 50 });
  });

  it('reads every option, as --name value or --name=value', () => {
    expect(
      parseLogsCommand(
        [
          '--app',
          'fulfillment',
          '--level=warn',
          '--since',
          '10m',
          '--order',
          '0190-abc',
          '--grep',
          'lock wait',
          '--limit=5',
        ],
        now,
      ),
    ).toEqual({
      app: 'fulfillment',
      level: 'warn',
      since: new Date('2026-11-27T03:50:00.000Z'),
      orderId: '0190-abc',
      grep: 'lock wait',
      limit: 5,
    });
  });

  it('takes --since as an age in s, m, h or d, or as an ISO time', () => {
    expect(parseLogsCommand(['--since', '30s'], now)).toMatchObject({ since: new Date('2026-11-27T03:59:30.000Z') });
    expect(parseLogsCommand(['--since', '3d'], now)).toMatchObject({ since: new Date('2026-11-24T04:00:00.000Z') });
    expect(parseLogsCommand(['--since', '2026-11-26T12:00:00Z'], now)).toMatchObject({
      since: new Date('2026-11-26T12:00:00.000Z'),
    });
  });

  it('answers help', () => {
    expect(parseLogsCommand(['--app', 'x', '--help'], now)).toBe('help');
  });

  it.each([
    [['fulfillment'], /unexpected argument "fulfillment"/],
    [['--colour', 'red'], /unknown option --colour/],
    [['--app'], /--app needs a value/],
    [['--app', '--level', 'warn'], /--app needs a value/],
    [['--level', 'loud'], /--level takes one of trace, debug, info, warn, error, fatal/],
    [['--since', 'yesterday'], /--since takes an age/],
    [['--since', '10w'], /--since takes an age/],
    [['--limit', '0'], /--limit takes a whole number from 1 to 10000/],
    [['--limit', '1e9'], /--limit takes a whole number/],
    [['--app', 'a', '--app', 'b'], /--app is given twice/],
    [['--grep', 'x'.repeat(501)], /--grep is longer than 500 characters/],
  ])('refuses %p with a clear error', (args, message) => {
    expect(() => parseLogsCommand(args, now)).toThrow(CliUsageError);
    expect(() => parseLogsCommand(args, now)).toThrow(message);
  });
});
