import { describe, expect, it } from 'vitest';
import {
  compileRouting,
  MAX_ENTRIES,
  MAX_VERSION_LENGTH,
  MAX_WEIGHT,
  ValidationException,
  type SelectorName,
} from '../../test/all-entries.js';
import { fieldOf } from '../field-of.js';

const SELECTORS: readonly SelectorName[] = ['guide', 'alias', 'binary'];
/** Guide and binary partition [0, 1) into cumulative ranges; the alias method partitions it by columns. */
const CUMULATIVE: readonly SelectorName[] = ['guide', 'binary'];


describe('compileRouting: validation', () => {
  it.each([
    ['not an array', { version: '1', weight: 1 }, 'entries'],
    ['an empty list', [], 'entries'],
    ['too many entries', Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => ({ version: `${i}`, weight: 1 })), 'entries'],
    ['a null entry', [null], 'entries[0]'],
    ['an array entry', [['1', 1]], 'entries[0]'],
    ['a missing version', [{ weight: 1 }], 'entries[0].version'],
    ['a numeric version', [{ version: 1, weight: 1 }], 'entries[0].version'],
    ['an empty version', [{ version: '', weight: 1 }], 'entries[0].version'],
    ['a long version', [{ version: 'v'.repeat(MAX_VERSION_LENGTH + 1), weight: 1 }], 'entries[0].version'],
    ['a missing weight', [{ version: '1' }], 'entries[0].weight'],
    ['a string weight', [{ version: '1', weight: '1' }], 'entries[0].weight'],
    ['weight -1', [{ version: '1', weight: -1 }], 'entries[0].weight'],
    ['weight 1.5', [{ version: '1', weight: 1.5 }], 'entries[0].weight'],
    ['weight NaN', [{ version: '1', weight: Number.NaN }], 'entries[0].weight'],
    ['weight Infinity', [{ version: '1', weight: Number.POSITIVE_INFINITY }], 'entries[0].weight'],
    ['a huge weight', [{ version: '1', weight: MAX_WEIGHT + 1 }], 'entries[0].weight'],
    ['a bigint weight', [{ version: '1', weight: 1n }], 'entries[0].weight'],
    [
      'a duplicate version',
      [
        { version: '1', weight: 1 },
        { version: '1', weight: 2 },
      ],
      'entries[1].version',
    ],
    [
      'a zero total',
      [
        { version: '1', weight: 0 },
        { version: '2', weight: 0 },
      ],
      'entries',
    ],
  ])('refuses %s, naming %s', (_what, input, field) => {
    expect(fieldOf(() => compileRouting(input))).toBe(field);
  });

  it('names the second entry in a multi-entry list', () => {
    expect(
      fieldOf(() =>
        compileRouting([
          { version: '1', weight: 1 },
          { version: '2', weight: -3 },
        ]),
      ),
    ).toBe('entries[1].weight');
  });

  it('uses the dialect labels it is given', () => {
    const labels = { list: 'RoutingConfigurations', version: 'Version', weight: 'Weight' };
    expect(
      fieldOf(() =>
        compileRouting(
          [
            { Version: '1', Weight: 1 },
            { Version: '2', Weight: 1.5 },
          ],
          { labels },
        ),
      ),
    ).toBe('RoutingConfigurations[1].Weight');
  });

  it('accepts the bounds themselves', () => {
    expect(compileRouting([{ version: 'v'.repeat(MAX_VERSION_LENGTH), weight: MAX_WEIGHT }]).total).toBe(MAX_WEIGHT);
    const many = Array.from({ length: MAX_ENTRIES }, (_, i) => ({ version: `${i}`, weight: MAX_WEIGHT }));
    expect(compileRouting(many).versions).toHaveLength(MAX_ENTRIES);
  });

  it('reports a throwing getter as a ValidationException, not the getter error', () => {
    const hostile = [
      {
        version: '1',
        get weight(): number {
          throw new TypeError('boom');
        },
      },
    ];
    expect(fieldOf(() => compileRouting(hostile))).toBe('entries');
  });

  it('ignores a __proto__ key and pollutes nothing', () => {
    const input = JSON.parse('[{"version":"1","weight":1,"__proto__":{"polluted":true}}]') as unknown;
    expect(compileRouting(input).versions).toEqual(['1']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an unknown selector and a selector that does not fit the shape', () => {
    expect(fieldOf(() => compileRouting([{ version: '1', weight: 1 }], { selector: 'fastest' as SelectorName }))).toBe('selector');
    expect(
      fieldOf(() =>
        compileRouting(
          [
            { version: '1', weight: 1 },
            { version: '2', weight: 1 },
          ],
          { selector: 'constant' },
        ),
      ),
    ).toBe('selector');
  });
});

describe('compileRouting: shape and selector', () => {
  it('chooses constant for one version, compare for two, guide for more', () => {
    expect(compileRouting([{ version: '1', weight: 5 }]).selector).toBe('constant');
    expect(
      compileRouting([
        { version: '1', weight: 5 },
        { version: '2', weight: 5 },
      ]).selector,
    ).toBe('compare');
    expect(
      compileRouting([
        { version: '1', weight: 1 },
        { version: '2', weight: 1 },
        { version: '3', weight: 1 },
      ]).selector,
    ).toBe('guide');
  });

  it('drops weight-0 entries from selection but keeps them in the configured entries', () => {
    const table = compileRouting([
      { version: '3', weight: 0 },
      { version: '1', weight: 7 },
    ]);
    expect(table.selector).toBe('constant');
    expect(table.versions).toEqual(['1']);
    expect(table.entries).toEqual([
      { version: '3', weight: 0 },
      { version: '1', weight: 7 },
    ]);
  });

  it('orders versions canonically, whatever the entry order', () => {
    const a = compileRouting([
      { version: 'b', weight: 1 },
      { version: 'a', weight: 3 },
      { version: 'c', weight: 2 },
    ]);
    expect(a.versions).toEqual(['a', 'b', 'c']);
    expect(a.weights).toEqual([3, 1, 2]);
  });

  it('is immutable', () => {
    const table = compileRouting([
      { version: '1', weight: 1 },
      { version: '2', weight: 1 },
    ]);
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.versions)).toBe(true);
    expect(Object.isFrozen(table.entries[0])).toBe(true);
  });

  it('reports shares', () => {
    const table = compileRouting([
      { version: '1', weight: 3 },
      { version: '2', weight: 1 },
      { version: '9', weight: 0 },
    ]);
    expect(table.share('1')).toBe(0.75);
    expect(table.share('9')).toBe(0);
    expect(table.share('nope')).toBe(0);
  });
});

describe('select(u): exact boundaries', () => {
  it('two versions: the first below weight0 / total, the second from it', () => {
    const table = compileRouting([
      { version: '1', weight: 80 },
      { version: '2', weight: 20 },
    ]);
    expect(table.select(0)).toBe('1');
    expect(table.select(0.8 - Number.EPSILON)).toBe('1');
    expect(table.select(0.8)).toBe('2');
    expect(table.select(1 - Number.EPSILON / 2)).toBe('2');
  });

  it.each(CUMULATIVE)('%s: each boundary k / total starts the next version', (selector) => {
    const weights = [1, 2, 3, 4];
    const table = compileRouting(
      weights.map((weight, i) => ({ version: `v${i}`, weight })),
      { selector },
    );
    let cumulative = 0;
    for (let i = 0; i < weights.length; i++) {
      const low = cumulative / 10;
      cumulative += weights[i] as number;
      const high = cumulative / 10;
      expect(table.select(low), `u = ${low}`).toBe(`v${i}`);
      if (i < weights.length - 1) {
        expect(table.select(high - 1e-12), `just below ${high}`).toBe(`v${i}`);
        expect(table.select(high), `u = ${high}`).toBe(`v${i + 1}`);
      }
    }
  });

  // The alias method cuts u into n equal columns, each split once: a version's grid share can be off by one
  // step per column it appears in. The cumulative selectors are off by at most one step in all.
  it.each(SELECTORS)('%s: a fine grid of u gives each version its share within its grid bound', (selector) => {
    const weights = [5, 0, 1, 17, 3, 999, 2];
    const table = compileRouting(
      weights.map((weight, i) => ({ version: `v${i}`, weight })),
      { selector },
    );
    const steps = 1 << 16;
    const counts = new Map<string, number>();
    for (let s = 0; s < steps; s++) {
      const version = table.select(s / steps);
      counts.set(version, (counts.get(version) ?? 0) + 1);
    }
    const total = weights.reduce((a, b) => a + b, 0);
    const stepsOff = selector === 'alias' ? table.versions.length + 1 : 1;
    weights.forEach((weight, i) => {
      const share = (counts.get(`v${i}`) ?? 0) / steps;
      expect(Math.abs(share - weight / total), `v${i}`).toBeLessThanOrEqual(stepsOff / steps + 1e-12);
    });
    expect(counts.has('v1')).toBe(false);
  });

  it.each(CUMULATIVE)('%s: extreme skew 1 : 999,999 keeps the small version exactly its share', (selector) => {
    const table = compileRouting(
      [
        { version: 'big', weight: 999_999 },
        { version: 'small', weight: 1 },
        { version: 'mid', weight: 0 },
      ],
      { selector },
    );
    // canonical order: big, small. The small version owns [0.999999, 1).
    expect(table.select(0.999999 - 1e-12)).toBe('big');
    expect(table.select(0.999999)).toBe('small');
  });

  it.each([Number.NaN, -0.1, 1, 2, '0.5'])('refuses u = %s', (u) => {
    const table = compileRouting([{ version: '1', weight: 1 }]);
    expect(() => table.select(u as number)).toThrow(ValidationException);
  });
});
