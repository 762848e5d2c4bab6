import { JsonBodyError, parseStrictJson } from './strict-json';

describe('parseStrictJson', () => {
  it('parses an ordinary order', () => {
    expect(parseStrictJson('{"customerId":"c","items":[{"sku":"A","quantity":1}],"note":"{[not depth]}"}')).toEqual({
      customerId: 'c',
      items: [{ sku: 'A', quantity: 1 }],
      note: '{[not depth]}',
    });
  });

  it('refuses nesting past the limit without recursing', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(() => parseStrictJson(deep)).toThrow(new JsonBodyError('Body is JSON nested deeper than 16 levels'));
    expect(parseStrictJson('[[[1]]]', 3)).toEqual([[[1]]]);
  });

  it('is not fooled by brackets or escaped quotes inside strings', () => {
    expect(parseStrictJson(JSON.stringify({ a: '\\"[[[[[[[[[[[[[[[[[[[[' }))).toEqual({ a: '\\"[[[[[[[[[[[[[[[[[[[[' });
  });

  // Each body carries the payload a merge of it would plant on every object's
  // prototype; refusing the key must leave that payload nowhere.
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'refuses the key %s, naming it, and plants nothing on Object.prototype',
    (key) => {
      const payload = '{"polluted":true,"prototype":{"polluted":true}}';
      expect(() => parseStrictJson(`{"items":[{"${key}":${payload}}]}`)).toThrow(
        `property items.0.${key} is not allowed`,
      );
      expect(() => parseStrictJson(`{"${key}":${payload}}`)).toThrow(`property ${key} is not allowed`);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );

  it('ignores a leading byte order mark', () => {
    expect(parseStrictJson('\uFEFF{"a":1}')).toEqual({ a: 1 });
  });

  it.each(['', '  ', '{"a":', "{'a':1}", '{"a":1,}'])('refuses %p as not JSON with a 400', (text) => {
    expect(() => parseStrictJson(text)).toThrow(JsonBodyError);
  });
});
