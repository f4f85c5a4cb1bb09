import { describe, expect, it } from 'vitest';
import { Row, RoutingRows, SINK_LENGTH } from '../../src/router/rows.js';
import { CountedIds } from '../../src/router/counted-ids.js';
import { selectorOf } from '../../src/routing/table.js';
import { compileRouting } from '../../src/routing/compile.js';
import { Router, type RoutingEntry } from '../../test/all-entries.js';
import { FakeSource } from './fake-source.js';

describe('RoutingRows', () => {
  it('hands out rows past the sink, never overlapping', () => {
    const rows = new RoutingRows();
    const a = rows.allocate(7);
    const b = rows.allocate(7);
    const c = rows.allocate(3);
    expect(a).toBeGreaterThanOrEqual(SINK_LENGTH);
    expect(b).toBe(a + 7);
    expect(c).toBe(b + 7);
  });

  it('reuses a freed row of the same length only, zeroed', () => {
    const rows = new RoutingRows();
    const a = rows.allocate(7);
    rows.values[a + Row.Counts] = 41;
    rows.release(a, 7);
    expect(rows.allocate(3)).not.toBe(a);
    const again = rows.allocate(7);
    expect(again).toBe(a);
    expect(rows.count(again, 0)).toBe(0);
  });

  it('keeps every value when it grows', () => {
    const rows = new RoutingRows();
    const first = rows.allocate(7);
    rows.values[first + Row.Counts + 1] = 12345;
    const before = rows.values;
    let last = first;
    for (let i = 0; i < 2000; i++) last = rows.allocate(7);
    expect(rows.values).not.toBe(before);
    expect(rows.values.length).toBeGreaterThanOrEqual(last + 7);
    expect(rows.count(first, 1)).toBe(12345);
  });

  it('never frees the sink, and reads it as zero', () => {
    const rows = new RoutingRows();
    rows.values[Row.Counts] = 9;
    rows.release(0, 7);
    expect(rows.count(0, 0)).toBe(0);
    expect(rows.allocate(7)).toBeGreaterThanOrEqual(SINK_LENGTH);
  });
});

describe('CountedIds', () => {
  const a = selectorOf(compileRouting([{ version: 'a', weight: 1 }]));
  const b = selectorOf(compileRouting([{ version: 'b', weight: 1 }]));

  it('gives one id (never 0) per value, freed with its last user and then reused', () => {
    const ids = new CountedIds<typeof a>();
    const ia = ids.acquire(a);
    expect(ia).toBeGreaterThan(0);
    expect(ids.acquire(a)).toBe(ia);
    const ib = ids.acquire(b);
    expect(ib).not.toBe(ia);
    ids.release(ia);
    expect(ids.values[ia]).toBe(a);
    expect(ids.size).toBe(2);
    ids.release(ia);
    expect(ids.values[ia]).toBeUndefined();
    expect(ids.ids.has(a)).toBe(false);
    expect(ids.size).toBe(1);
    expect(ids.acquire(b)).toBe(ib);
    expect(ids.acquire(a)).toBe(ia);
  });
});

const TWO: readonly RoutingEntry[] = [
  { version: '1', weight: 80 },
  { version: '2', weight: 20 },
];

function picks(router: Router, flow: string, alias: string): Record<string, number> {
  return router.stats().aliases.find((s) => s.flow === flow && s.alias === alias)?.picks ?? {};
}

describe('Router rows', () => {
  it('keeps each alias its own counts across evictions that reuse rows', () => {
    const source = new FakeSource();
    for (let i = 0; i < 6; i++) source.set('f', `a${i}`, TWO, false);
    const router = new Router({ source, maxAliases: 3, seed: 'rows' });
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 6; i++) for (let k = 0; k <= i; k++) router.pick('f', `a${i}`);
      // The last three aliases are cached, each counted only since its last load.
      for (let i = 3; i < 6; i++) {
        const counted = picks(router, 'f', `a${i}`);
        expect((counted['1'] ?? 0) + (counted['2'] ?? 0)).toBe(i + 1);
      }
    }
    expect(router.stats().cache.evictions).toBeGreaterThan(0);
  });

  it('keeps counts when the rows grow under thousands of cached aliases', () => {
    const source = new FakeSource();
    const count = 3000;
    for (let i = 0; i < count; i++) source.set('f', `a${i}`, TWO, false);
    const router = new Router({ source, maxAliases: count, seed: 'grow' });
    router.pick('f', 'a0');
    router.pick('f', 'a0');
    for (let i = 1; i < count; i++) router.pick('f', `a${i}`);
    const first = picks(router, 'f', 'a0');
    expect((first['1'] ?? 0) + (first['2'] ?? 0)).toBe(2);
    const total = router.stats().aliases.reduce((sum, s) => sum + Object.values(s.picks).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(count + 1);
  });

  it('a route that resolves after its alias was evicted counts into no other alias', async () => {
    const source = new FakeSource('manual');
    source.set('f', 'a', TWO, false);
    source.set('f', 'b', TWO, false);
    const router = new Router({ source, maxAliases: 1, seed: 'late' });
    const first = router.route('f', 'a');
    source.settle();
    await first;
    const second = router.route('f', 'b');
    source.settle();
    await second;
    // 'a' was evicted by 'b' and its row freed; 'b' may have reused it. Picks of 'b' are all 'b' has.
    for (let i = 0; i < 5; i++) router.pick('f', 'b');
    const counted = picks(router, 'f', 'b');
    expect((counted['1'] ?? 0) + (counted['2'] ?? 0)).toBe(6);
    expect(router.stats().aliases.map((s) => s.alias)).toEqual(['b']);
  });

  it('an alias reloaded when its TTL ends counts again from zero', () => {
    let now = 0;
    const source = new FakeSource();
    source.set('f', 'a', TWO, false);
    const router = new Router({ source, ttlMs: 1000, monotonicClock: () => now, seed: 'ttl' });
    for (let i = 0; i < 10; i++) router.pick('f', 'a');
    now = 2000;
    router.pick('f', 'a');
    expect(router.stats().cache.loads).toBe(2);
    const counted = picks(router, 'f', 'a');
    expect((counted['1'] ?? 0) + (counted['2'] ?? 0)).toBe(1);
  });

  it('a memoized alias answers with its new table after an update', () => {
    const source = new FakeSource();
    source.set('f', 'a', [{ version: '1', weight: 1 }], false);
    const router = new Router({ source });
    expect(router.pick('f', 'a')).toBe('1');
    expect(router.pick('f', 'a')).toBe('1');
    source.set('f', 'a', [{ version: '2', weight: 1 }]);
    expect(router.pick('f', 'a')).toBe('2');
    expect(router.pick('f', 'a')).toBe('2');
  });

  it('the empty memo never answers for empty identifiers', () => {
    const source = new FakeSource();
    source.set('f', 'a', TWO, false);
    const router = new Router({ source });
    expect(() => router.pick('', '')).toThrow(/flow/);
    router.pick('f', 'a');
    router.pick('f', 'a');
    router.invalidate();
    expect(() => router.pick('', '')).toThrow(/flow/);
  });
});
