import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('gives whole lines and keeps a cut one until its end arrives', () => {
    const lines = new LineSplitter();
    expect(lines.split('{"a":1}\n{"b":')).toEqual(['{"a":1}']);
    expect(lines.split('2}\n')).toEqual(['{"b":2}']);
    expect(lines.split('{"c":3}\n{"d":4}\n')).toEqual(['{"c":3}', '{"d":4}']);
  });

  it('gives nothing for a chunk without a line end, and leaves out empty lines', () => {
    const lines = new LineSplitter();
    expect(lines.split('{"a"')).toEqual([]);
    expect(lines.split(':1}\n\n')).toEqual(['{"a":1}']);
  });
});
