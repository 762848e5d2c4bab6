import { entityTag, parseIfMatch } from './entity-tag';

describe('If-Match', () => {
  it('reads back the tags entityTag writes, in a list too', () => {
    expect(parseIfMatch(entityTag(7))).toEqual([7]);
    expect(parseIfMatch(`${entityTag(3)}, ${entityTag(12)}`)).toEqual([3, 12]);
  });

  it('takes * as "the row exists"', () => {
    expect(parseIfMatch(' * ')).toBe('*');
  });

  it('never matches weak, unquoted or foreign tags', () => {
    for (const header of ['W/"7"', '7', '"abc"', '""', '"7', '"1234567890123456"']) {
      expect(parseIfMatch(header)).toEqual([]);
    }
  });
});
