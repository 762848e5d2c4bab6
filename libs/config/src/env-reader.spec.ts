import { envReader } from './env-reader';

describe('envReader', () => {
  it('reads a count of at least 1', () => {
    expect(envReader({ BATCH: '12' })('BATCH').required().asCount()).toBe(12);
  });

  it.each(['0', '-3', '1.5', 'ten'])('refuses %p as a count, naming the variable', (value) => {
    expect(() => envReader({ BATCH: value })('BATCH').required().asCount()).toThrow(/BATCH/);
  });

  it('refuses a secret shorter than 16 characters, naming the variable', () => {
    expect(() => envReader({ ADMIN_TOKEN: 'short' })('ADMIN_TOKEN').required().asSecret()).toThrow(/ADMIN_TOKEN/);
    expect(
      envReader({ ADMIN_TOKEN: 'a'.repeat(16) })('ADMIN_TOKEN')
        .required()
        .asSecret(),
    ).toBe('a'.repeat(16));
  });

  it('stops on a missing required variable, naming it', () => {
    expect(() => envReader({})('MYSQL_URL').required().asString()).toThrow(/MYSQL_URL/);
  });

  it.each([
    ['asCount', '0', 'should be an integer of at least 1'],
    ['asShare', '1', 'should be a number between 0 and 1, e.g. 0.5'],
    ['asSecret', 'short', 'should be at least 16 characters'],
    ['asHost', 'bad host!', 'should be an IP address (0.0.0.0, 127.0.0.1, ::) or a host name'],
  ] as const)('%s refuses %p with one message naming the variable once', (accessor, value, problem) => {
    const get = envReader({ SOME_VAR: value });
    expect(() => get('SOME_VAR')[accessor]()).toThrow(new Error(`env-var: "SOME_VAR" ${problem}`));
  });
});
