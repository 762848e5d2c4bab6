import { logLines, toLogRecord } from './log-record';

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

  it('keeps a line that is a record already (shipped by an earlier Surge) as it is', () => {
    const record = { time: '2026-11-27T04:05:06.789Z', level: 'warn', app: 'notifier', instance: 'box:9', msg: 'slow' };
    expect(toLogRecord(record as never, 'other:1')).toEqual(record);
  });
});

describe('logLines', () => {
  it('gives the lines of a message in order, without the newlines', () => {
    expect(logLines('{"a":1}\n{"b":2}\n')).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('reads a message of one line without a newline the same', () => {
    expect(logLines('{"a":1}')).toEqual(['{"a":1}']);
  });
});
