import { DlqUsageError, parseDlqCommand } from './dlq-command';

describe('parseDlqCommand', () => {
  it.each([
    [[], { name: 'help' }],
    [['--help'], { name: 'help' }],
    [['list'], { name: 'list', selection: {}, json: false }],
    [['list', '--partition', '2', '--json'], { name: 'list', selection: { partition: 2 }, json: true }],
    [
      ['list', '--partition', '0', '--from', '5', '--to', '9'],
      { name: 'list', selection: { partition: 0, from: 5n, to: 9n }, json: false },
    ],
    [['show', '3:1042'], { name: 'show', partition: 3, offset: 1042n }],
    [['replay', '--all'], { name: 'replay', selection: {} }],
    [['replay', '--partition', '1', '--from', '7'], { name: 'replay', selection: { partition: 1, from: 7n } }],
    [
      ['--topic', 'notifications.dlq', 'list'],
      { name: 'list', selection: {}, json: false, topic: 'notifications.dlq' },
    ],
    [
      ['show', '0:4', '--topic', 'notifications.dlq'],
      { name: 'show', partition: 0, offset: 4n, topic: 'notifications.dlq' },
    ],
    [
      ['--topic', 'notifications.dlq', 'replay', '--all'],
      { name: 'replay', selection: {}, topic: 'notifications.dlq' },
    ],
  ])('reads %j', (argv, command) => {
    expect(parseDlqCommand(argv)).toEqual(command);
  });

  it.each([
    [['replay'], 'replay needs all or a partition'],
    [['replay', '--all', '--partition', '1'], 'replay takes all or a partition range, not both'],
    [['list', '--from', '3'], 'from and to are offsets within one partition'],
    [['list', '--partition', '0', '--from', '9', '--to', '3'], 'from is past to'],
    [['list', '--partition', 'one'], '--partition must be a partition number'],
    [['list', '--partition', '0', '--to=-1'], '--to must be an offset'],
    [['list', '--partition', '0', '--to', '-1'], "Option '--to' argument is ambiguous"],
    [['list', 'extra'], 'list takes options only'],
    [['show'], 'show takes one <partition>:<offset>'],
    [['show', '1042'], 'show takes one <partition>:<offset>'],
    [['show', '1:2', '--all'], 'show takes one <partition>:<offset>'],
    [['purge'], 'unknown command purge'],
    [['list', '--force'], "Unknown option '--force'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseDlqCommand(argv)).toThrow(DlqUsageError);
    expect(() => parseDlqCommand(argv)).toThrow(message);
  });
});
