import { describe, expect, it } from 'vitest';
import { familyKeys, KEY_FAMILIES, type KeyFamily } from './key-families.js';

/** The statistics assume each family yields distinct keys of its advertised shape: checked here. */

const SHAPES: Record<KeyFamily, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  sequence: /^exec-\d{6,}$/,
  short: /^[a-z0-9]{1,4}$/,
  prefixed: /^tenant-[a-z0-9]{193}\/execution\/\d+$/,
  // eslint-disable-next-line no-control-regex
  unicode: /[^\x00-\x7f]/,
};

describe.each(KEY_FAMILIES.map((family) => [family] as const))('%s keys', (family) => {
  it('are distinct, of their shape, and the same stream for the same seed', () => {
    const next = familyKeys(family, 12_345);
    const keys = Array.from({ length: 50_000 }, next);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((key) => !SHAPES[family].test(key)).slice(0, 3)).toEqual([]);
    const again = familyKeys(family, 12_345);
    expect(Array.from({ length: 100 }, again)).toEqual(keys.slice(0, 100));
  });
});
