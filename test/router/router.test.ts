import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InternalServerException,
  MAX_KEY_LENGTH,
  ResourceNotFoundException,
  Router,
  ServiceUnavailableException,
  ValidationException,
  stickyHash,
  type RouterOptions,
} from '../../test/all-entries.js';
import { EIGHTY_TWENTY } from '../routing/fixtures.js';
import { ALL_ON_TWO, FakeSource } from './fake-source.js';
import { fieldOf } from '../field-of.js';

function routerWith(options: Partial<RouterOptions> = {}, source = new FakeSource()): { router: Router; source: FakeSource } {
  source.set('f', 'a', EIGHTY_TWENTY, false);
  return { router: new Router({ source, ...options }), source };
}


describe('Router.pick', () => {
  it('maps the drawn u through the table', () => {
    let u = 0;
    const { router } = routerWith({ random: () => u });
    u = 0.79;
    expect(router.pick('f', 'a')).toBe('1');
    u = 0.8;
    expect(router.pick('f', 'a')).toBe('2');
  });

  it('draws nothing for a single-version alias', () => {
    let draws = 0;
    const { router, source } = routerWith({
      random: () => {
        draws++;
        return 0.5;
      },
    });
    source.set('f', 'one', [{ version: '7', weight: 3 }]);
    expect(router.pick('f', 'one')).toBe('7');
    expect(draws).toBe(0);
  });

  it('loads a synchronous source on a miss and caches the compiled table', () => {
    const { router, source } = routerWith();
    router.pick('f', 'a');
    router.pick('f', 'a');
    router.pick('f', 'a', 'key');
    expect(source.calls).toBe(1);
  });

  it('keeps aliases apart, whichever was memoised last', () => {
    const { router, source } = routerWith({ random: () => 0.5 });
    source.set('f', 'b', ALL_ON_TWO);
    source.set('g', 'a', [{ version: '9', weight: 1 }]);
    for (let i = 0; i < 3; i++) {
      expect(router.pick('f', 'a')).toBe('1');
      expect(router.pick('f', 'b')).toBe('2');
      expect(router.pick('g', 'a')).toBe('9');
    }
  });

  it('throws ResourceNotFoundException for an unknown alias', () => {
    const { router } = routerWith();
    expect(() => router.pick('f', 'missing')).toThrow(ResourceNotFoundException);
  });

  it.each([
    ['a numeric flow', [1, 'a'], 'flow'],
    ['an empty flow', ['', 'a'], 'flow'],
    ['an undefined alias', ['f', undefined], 'alias'],
    ['a flow over 2048 characters', ['f'.repeat(2049), 'a'], 'flow'],
    ['an empty key', ['f', 'a', ''], 'key'],
    ['a numeric key', ['f', 'a', 42], 'key'],
    ['a key over the maximum', ['f', 'a', 'k'.repeat(MAX_KEY_LENGTH + 1)], 'key'],
  ])('refuses %s', (_what, args, field) => {
    const { router } = routerWith();
    expect(fieldOf(() => (router.pick as (...a: unknown[]) => string)(...args))).toBe(field);
    router.pick('f', 'a');
    expect(fieldOf(() => (router.pick as (...a: unknown[]) => string)(...args))).toBe(field);
  });

  it('accepts a key of exactly the maximum length', () => {
    const { router } = routerWith();
    expect(['1', '2']).toContain(router.pick('f', 'a', 'k'.repeat(MAX_KEY_LENGTH)));
  });

  it('handles identifiers named like Object.prototype members', () => {
    const source = new FakeSource();
    source.set('__proto__', 'constructor', ALL_ON_TWO);
    const router = new Router({ source });
    expect(router.pick('__proto__', 'constructor')).toBe('2');
    expect(() => router.pick('constructor', '__proto__')).toThrow(ResourceNotFoundException);
  });

  it('wraps a source that throws something untyped in InternalServerException', () => {
    const source = new FakeSource();
    source.failWith = new TypeError('socket exploded');
    const router = new Router({ source });
    expect(() => router.pick('f', 'a')).toThrow(InternalServerException);
  });

  it('refuses an invalid config from the source with InternalServerException', () => {
    const source = new FakeSource();
    source.configs.set('f/a', { entries: [{ version: '1', weight: -5 }] });
    const router = new Router({ source });
    expect(() => router.pick('f', 'a')).toThrow(InternalServerException);
  });
});

describe('sticky picks', () => {
  it('give one key the same version every time and on a fresh router', () => {
    const { router } = routerWith();
    const { router: other } = routerWith({ seed: 'unrelated' });
    for (let i = 0; i < 500; i++) {
      const key = `exec-${String(i).padStart(6, '0')}`;
      const first = router.pick('f', 'a', key);
      expect(router.pick('f', 'a', key)).toBe(first);
      expect(other.pick('f', 'a', key)).toBe(first);
    }
  });

  it('salt by the source identity, so the same keys split independently on two aliases', () => {
    const { router, source } = routerWith();
    source.set('f', 'b', EIGHTY_TWENTY);
    let differ = 0;
    for (let i = 0; i < 2000; i++) {
      if (router.pick('f', 'a', `k${i}`) !== router.pick('f', 'b', `k${i}`)) differ++;
    }
    // Independent 80/20 splits disagree on 2 x 0.8 x 0.2 = 32% of keys.
    expect(differ).toBeGreaterThan(2000 * 0.25);
    expect(differ).toBeLessThan(2000 * 0.39);
  });

  it('agree with explain() and with the public stickyHash', () => {
    const { router } = routerWith();
    const record = router.explain('f', 'a', 'tenant-7');
    expect(record.mode).toBe('sticky');
    expect(record.keyHash).toBe(stickyHash('f/a', 'tenant-7'));
    expect(router.pick('f', 'a', 'tenant-7')).toBe(record.version);
  });
});

describe('seeded randomness', () => {
  const sequence = (router: Router): string => Array.from({ length: 200 }, () => router.pick('f', 'a')).join('');

  it('replays the same sequence for the same seed and differs for another', () => {
    const a = sequence(routerWith({ seed: 'abc' }).router);
    expect(sequence(routerWith({ seed: 'abc' }).router)).toBe(a);
    expect(sequence(routerWith({ seed: 'abd' }).router)).not.toBe(a);
  });

  it('reseed replays a recorded run', () => {
    const { router } = routerWith({ seed: 'abc' });
    const recorded = sequence(router);
    router.reseed('abc');
    expect(sequence(router)).toBe(recorded);
  });

  it('says seeded in explain()', () => {
    expect(routerWith({ seed: 's' }).router.explain('f', 'a').mode).toBe('seeded');
    expect(routerWith().router.explain('f', 'a').mode).toBe('random');
  });
});

describe('explain and stats', () => {
  it('explains a random pick as a plain record', () => {
    const { router } = routerWith({ random: () => 0.9 });
    expect(router.explain('f', 'a')).toEqual({
      version: '2',
      flow: 'f',
      alias: 'a',
      identity: 'f/a',
      revision: 1,
      mode: 'random',
      selector: 'compare',
      u: 0.9,
      keyHash: null,
      weights: [
        { version: '1', weight: 80, share: 0.8 },
        { version: '2', weight: 20, share: 0.2 },
      ],
      stale: false,
    });
  });

  it('counts picks per version, explain() included', () => {
    let u = 0;
    const { router } = routerWith({ random: () => u });
    u = 0.1;
    router.pick('f', 'a');
    router.pick('f', 'a');
    u = 0.95;
    router.pick('f', 'a');
    router.explain('f', 'a');
    const stats = router.stats();
    expect(stats.aliases).toEqual([expect.objectContaining({ flow: 'f', alias: 'a', identity: 'f/a', picks: { '1': 2, '2': 2 } })]);
    expect(stats.cache).toMatchObject({ size: 1, loads: 1 });
  });

  it('counts nothing with stats off', () => {
    const { router } = routerWith({ stats: false });
    router.pick('f', 'a');
    expect(router.stats().aliases[0]?.picks).toEqual({ '1': 0, '2': 0 });
  });
});

describe('cache bound and invalidation', () => {
  it('evicts the least recently used alias beyond maxAliases', () => {
    const { router, source } = routerWith({ maxAliases: 2 });
    source.set('f', 'b', ALL_ON_TWO);
    source.set('f', 'c', ALL_ON_TWO);
    router.pick('f', 'a');
    router.pick('f', 'b');
    router.pick('f', 'a');
    router.pick('f', 'c');
    expect(router.stats().cache).toMatchObject({ size: 2, evictions: 1, loads: 3 });
    router.pick('f', 'a');
    expect(source.calls).toBe(3);
    router.pick('f', 'b');
    expect(source.calls).toBe(4);
  });

  it('applies a notified change on the very next pick', () => {
    const { router, source } = routerWith({ random: () => 0.1 });
    expect(router.pick('f', 'a')).toBe('1');
    source.set('f', 'a', ALL_ON_TWO);
    expect(router.pick('f', 'a')).toBe('2');
    expect(router.stats().cache.invalidations).toBe(1);
  });

  it('drops a deleted alias at once', () => {
    const { router, source } = routerWith();
    router.pick('f', 'a');
    source.configs.delete('f/a');
    source.emit({ kind: 'deleted', identity: 'f/a' });
    expect(() => router.pick('f', 'a')).toThrow(ResourceNotFoundException);
  });

  it('invalidates one alias or everything on request', () => {
    const { router, source } = routerWith();
    router.pick('f', 'a');
    router.invalidate('f', 'a');
    router.pick('f', 'a');
    expect(source.calls).toBe(2);
    router.invalidate();
    expect(router.stats().cache.size).toBe(0);
  });

  it('unsubscribes on close', () => {
    const { router, source } = routerWith();
    expect(source.listenerCount).toBe(1);
    router.close();
    expect(source.listenerCount).toBe(0);
  });
});

describe('asynchronous sources', () => {
  it('pick on a miss starts the load and throws ServiceUnavailableException; route waits', async () => {
    const { router, source } = routerWith({}, new FakeSource('manual'));
    expect(() => router.pick('f', 'a')).toThrow(ServiceUnavailableException);
    const routed = router.route('f', 'a');
    expect(source.calls).toBe(1);
    source.settle();
    expect(['1', '2']).toContain(await routed);
    expect(['1', '2']).toContain(router.pick('f', 'a'));
  });

  it('shares one in-flight load among concurrent callers', async () => {
    const { router, source } = routerWith({}, new FakeSource('manual'));
    const all = Promise.all([router.route('f', 'a'), router.route('f', 'a', 'k'), router.preload('f', 'a')]);
    expect(source.calls).toBe(1);
    source.settle();
    const [a, b, table] = await all;
    expect(['1', '2']).toContain(a);
    expect(['1', '2']).toContain(b);
    expect(table.versions).toEqual(['1', '2']);
  });

  it('rejects route() with the typed error of the source', async () => {
    const { router, source } = routerWith({}, new FakeSource('manual'));
    const missing = router.route('f', 'nope');
    source.settle();
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(router.route('f', 'a', '')).rejects.toBeInstanceOf(ValidationException);
  });

  it('does not cache a load that overlapped a change event for its alias', async () => {
    const { router, source } = routerWith({ random: () => 0.1 }, new FakeSource('manual'));
    const first = router.route('f', 'a');
    source.emit({ kind: 'updated', identity: 'f/a' });
    source.settle();
    expect(await first).toBe('1');
    const second = router.route('f', 'a');
    expect(source.calls).toBe(2);
    source.set('f', 'a', ALL_ON_TWO, false);
    source.settle();
    expect(await second).toBe('2');
  });
});

describe('options', () => {
  it.each([
    [{ maxAliases: 0 }, 'maxAliases'],
    [{ maxAliases: 1.5 }, 'maxAliases'],
    [{ ttlMs: -1 }, 'ttlMs'],
    [{ ttlMs: Number.NaN }, 'ttlMs'],
    [{ staleIfErrorMs: '5' }, 'staleIfErrorMs'],
    [{ retryAfterErrorMs: Number.POSITIVE_INFINITY }, 'retryAfterErrorMs'],
    [{ seed: 'a', random: Math.random }, 'seed'],
    [{ seed: '' }, 'seed'],
    [{ random: 0.5 }, 'random'],
    [{ monotonicClock: 'now' }, 'monotonicClock'],
    [{ stats: 'yes' }, 'stats'],
  ])('refuses %j', (options, field) => {
    const source = new FakeSource();
    expect(fieldOf(() => new Router({ source, ...(options as object) }))).toBe(field);
  });

  it('refuses a source without getRouting', () => {
    expect(fieldOf(() => new Router({ source: {} as never }))).toBe('source');
    expect(fieldOf(() => new Router(null as never))).toBe('options');
  });
});

describe('Router.explainJson', () => {
  it('is JSON.stringify(explain(...)) for every pick: random, seeded, sticky, one or many versions, after updates', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ version: fc.string({ minLength: 1, maxLength: 6 }), weight: fc.integer({ min: 1, max: 1000 }) }), { minLength: 1, maxLength: 6 }).filter(
          (entries) => new Set(entries.map((e) => e.version)).size === entries.length,
        ),
        fc.array(fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<RouterOptions['seed']>('s1', undefined),
        (entries, keys, seed) => {
          const a = new FakeSource();
          const b = new FakeSource();
          a.set('f"\u2028', 'a\\', entries, false);
          b.set('f"\u2028', 'a\\', entries, false);
          // Two routers drawing the same sequence: one answers text, the other the record.
          let draws = 0;
          const sequence = (): number => ((draws++ * 0.618033988749895) % 1);
          let replay = 0;
          const same = (): number => ((replay++ * 0.618033988749895) % 1);
          const text = new Router(seed === undefined ? { source: a, random: sequence } : { source: a, seed });
          const record = new Router(seed === undefined ? { source: b, random: same } : { source: b, seed });
          for (const key of keys) expect(text.explainJson('f"\u2028', 'a\\', key)).toBe(JSON.stringify(record.explain('f"\u2028', 'a\\', key)));
          a.set('f"\u2028', 'a\\', [{ version: 'after', weight: 1 }]);
          b.set('f"\u2028', 'a\\', [{ version: 'after', weight: 1 }]);
          expect(text.explainJson('f"\u2028', 'a\\')).toBe(JSON.stringify(record.explain('f"\u2028', 'a\\')));
          expect(text.stats().aliases[0]?.picks).toEqual(record.stats().aliases[0]?.picks);
        },
      ),
      { numRuns: 200 },
    );
  });

});
