import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../test/all-entries.js';
import { canonicalJson, readJsonDocument } from '../../src/input/json-document.js';

const LIMITS = { maxDepth: 3, maxValues: 10, maxChars: 20 };

describe('readJsonDocument', () => {
  it('returns a deeply frozen copy', () => {
    const input = { a: [1, { b: 'c' }], d: null, e: true };
    const copy = readJsonDocument(input, 'definition');
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
    expect(Object.isFrozen((copy as { a: object[] }).a[1])).toBe(true);
  });

  it.each([
    ['too deep', { a: { b: { c: {} } } }, 'definition.a.b.c'],
    ['too many values', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'definition'],
    ['too many characters', { key: 'x'.repeat(18) }, 'definition.key'],
    ['NaN', { n: Number.NaN }, 'definition.n'],
    ['Infinity', [Number.POSITIVE_INFINITY], 'definition[0]'],
    ['undefined', { u: undefined }, 'definition.u'],
    ['a function', { f: () => 1 }, 'definition.f'],
    ['a Date', { d: new Date(0) }, 'definition.d'],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": 1}}') as unknown, 'definition.__proto__'],
    ['a constructor key', { constructor: 1 }, 'definition.constructor'],
  ])('refuses %s, naming the path', (_, value, field) => {
    expect(() => readJsonDocument(value, 'definition', LIMITS)).toThrow(expect.objectContaining({ field }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports an unreadable input as a ValidationException', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(() => readJsonDocument({ p: revoked.proxy }, 'definition')).toThrow(ValidationException);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
