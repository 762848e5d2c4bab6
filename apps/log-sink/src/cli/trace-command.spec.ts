import { CliUsageError } from './cli-runner';
import { parseTraceCommand } from './trace-command';

describe('parseTraceCommand', () => {
  it('takes one order id', () => {
    expect(parseTraceCommand(['0190-abc'])).toBe('0190-abc');
  });

  it('answers help', () => {
    expect(parseTraceCommand(['--help'])).toBe('help');
  });

  it.each([
    [[], /name one order id, got 0 arguments/],
    [['a', 'b'], /name one order id, got 2 arguments/],
    [['--order'], /unknown option --order/],
    [['two words'], /no spaces/],
    [['x'.repeat(201)], /at most 200 characters/],
  ])('refuses %p with a clear error', (args, message) => {
    expect(() => parseTraceCommand(args)).toThrow(CliUsageError);
    expect(() => parseTraceCommand(args)).toThrow(message);
  });
});
