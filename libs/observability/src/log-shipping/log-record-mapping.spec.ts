import { toLogRecord, toLogRecordText } from './log-record-mapping';

describe('toLogRecord', () => {
  it('turns pino level and epoch time into labels and ISO time, and names the instance', () => {
    const line = {
      level: 30,
      time: Date.UTC(2026, 10, 27, 4, 5, 6, 789),
      pid: 41,
      hostname: 'box',
      app: 'fulfillment',
    };
    expect(toLogRecord({ ...line, msg: 'stored' }, 'box:41')).toEqual({
      time: '2026-11-27T04:05:06.789Z',
      level: 'info',
      app: 'fulfillment',
      instance: 'box:41',
      msg: 'stored',
    });
  });

  it('keeps every other field the line carries, the order step and error included', () => {
    const err = { type: 'Error', message: 'boom', stack: 'Error: boom' };
    const record = toLogRecord(
      {
        level: 50,
        time: 0,
        app: 'order-intake',
        msg: 'x',
        orderId: 'o-1',
        traceId: 't',
        step: 'order.produced',
        partition: 2,
        offset: '17',
        err,
      },
      'box:7:2',
    );
    expect(record).toMatchObject({ level: 'error', orderId: 'o-1', traceId: 't', partition: 2, offset: '17', err });
    expect(record).not.toHaveProperty('pid');
  });

  it.each([
    [10, 'trace'],
    [20, 'debug'],
    [40, 'warn'],
    [60, 'fatal'],
    [70, 'fatal'],
    [5, 'trace'],
  ])('labels level %d as %s', (level, label) => {
    expect(toLogRecord({ level, time: 0 }, 'i').level).toBe(label);
  });

  it('gives a line without a message or app an empty message and an unknown app', () => {
    expect(toLogRecord({ level: 30, time: 0 }, 'i')).toMatchObject({ app: 'unknown', msg: '' });
  });
});

describe('toLogRecordText', () => {
  const time = Date.UTC(2026, 10, 27, 4, 5, 6, 789);
  const fields = { step: 'order.produced', orderId: 'o-1', partition: 2, offset: '17', msg: 'a "quoted" msg' };

  it.each([
    ['as Surge writes it (the fast path)', { level: 30, time, app: 'order-intake', ...fields }],
    ['with pid and hostname (the long way)', { level: 40, time, pid: 7, hostname: 'box', app: 'notifier', ...fields }],
    ['without a message (the long way)', { level: 50, time, app: 'fulfillment', orderId: 'o-1' }],
    ['with an unusual level (the long way)', { level: 35, time, app: 'log-sink', ...fields }],
  ])('gives the same record as toLogRecord for a line %s', (_case, line) => {
    const text = toLogRecordText(`${JSON.stringify(line)}\n`, 'box:7:2');
    expect(JSON.parse(text)).toEqual(toLogRecord(line, 'box:7:2'));
  });
});
