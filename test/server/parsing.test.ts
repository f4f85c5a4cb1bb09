import { describe, expect, it } from 'vitest';
import { parseJsonObjectBody, parseJsonText } from '../../src/server/parse-json.js';
import { addParams, emptyParams, pathSegments } from '../../src/server/params.js';
import { fieldOf } from '../field-of.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('request parsing', () => {
  it('parses JSON objects and refuses other JSON, bad UTF-8, deep nesting and __proto__', () => {
    expect(parseJsonObjectBody(utf8(''), 8)).toEqual({});
    expect(parseJsonObjectBody(utf8('{"a":[1,{"b":"}]]]"}]}'), 3)).toEqual({ a: [1, { b: '}]]]' }] });
    expect(fieldOf(() => parseJsonObjectBody(utf8('[]'), 8))).toBe('body');
    expect(fieldOf(() => parseJsonObjectBody(utf8('{"a":'), 8))).toBe('body');
    expect(fieldOf(() => parseJsonObjectBody(new Uint8Array([0x7b, 0xff, 0x7d]), 8))).toBe('body');
    expect(fieldOf(() => parseJsonObjectBody(utf8('{"a":[[[]]]}'), 3))).toBe('body');
    expect(fieldOf(() => parseJsonObjectBody(utf8('{"a":{"__proto__":{"polluted":1}}}'), 8))).toBe('body');
    expect(fieldOf(() => parseJsonText('[{"__proto__":1}]', 'RoutingConfigurations', 8))).toBe('RoutingConfigurations');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // An escaped quote inside a string does not end it for the depth count.
    expect(parseJsonText('{"a":"\\"[[[["}', 'x', 1)).toEqual({ a: '"[[[[' });
  });

  it('parses parameters into a null-prototype record, refusing repeats and excess', () => {
    const params = addParams(emptyParams(), 'a=1&b=x%20y+z&__proto__=p', 10, 'query');
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(Object.entries(params)).toEqual([
      ['a', '1'],
      ['b', 'x y z'],
      ['__proto__', 'p'],
    ]);
    expect(fieldOf(() => addParams(emptyParams(), 'a=1&a=2', 10, 'query'))).toBe('a');
    expect(fieldOf(() => addParams(addParams(emptyParams(), 'a=1', 10, 'query'), 'a=2', 10, 'body'))).toBe('a');
    expect(fieldOf(() => addParams(emptyParams(), 'a=1&b=2&c=3', 2, 'body'))).toBe('body');
  });

  it('splits paths into decoded segments and refuses ambiguous ones', () => {
    expect(pathSegments('/flows/')).toEqual(['flows']);
    expect(pathSegments('/flows')).toEqual(['flows']);
    expect(pathSegments('/flows/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aflow%2FABC/aliases')).toEqual([
      'flows',
      'arn:aws:bedrock:us-east-1:123456789012:flow/ABC',
      'aliases',
    ]);
    expect(pathSegments('/')).toEqual([]);
    for (const bad of ['flows', '//flows', '/flows//x', '/flows/./x', '/flows/../x', '/flows/%E0%A4%A', 'http://h/flows']) {
      expect(pathSegments(bad)).toBeUndefined();
      expect(pathSegments(bad), 'kept as refused').toBeUndefined();
    }
  });

  it('keeps the segments of a path, frozen, and decodes long paths every time alike', () => {
    const first = pathSegments('/routing/flows/f%20x/aliases/a/pick');
    expect(first).toEqual(['routing', 'flows', 'f x', 'aliases', 'a', 'pick']);
    expect(pathSegments('/routing/flows/f%20x/aliases/a/pick')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const long = `/flows/${'a'.repeat(600)}`;
    expect(pathSegments(long)).toEqual(['flows', 'a'.repeat(600)]);
    // More paths than are kept: every answer is still right.
    for (let i = 0; i < 1500; i++) expect(pathSegments(`/flows/f${i}`)).toEqual(['flows', `f${i}`]);
    expect(pathSegments('/routing/flows/f%20x/aliases/a/pick')).toEqual(first);
  });
});
