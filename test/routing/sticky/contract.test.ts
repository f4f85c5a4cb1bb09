import { describe, expect, it } from 'vitest';
import { compileRouting, murmur3, stickyHash, type RoutingEntry } from '../../../test/all-entries.js';
import { aliasSalt, rendezvous, rendezvousPairIn, versionSalt } from '../../../src/routing/sticky.js';
import { stickyEdges } from '../../../src/routing/selectors.js';
import { selectorOf } from '../../../src/routing/table.js';

const IDENTITY = 'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW123456/alias/ALIAS12345';

/** A small deterministic 32-bit sequence (xorshift32) to sweep key hashes without Math.random. */
function* hashes(count: number, seed = 0x9e3779b9): Generator<number> {
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    yield x;
  }
}

describe('sticky hash contract (frozen: changing any of these values moves users between versions)', () => {
  it('is murmur3 of the key seeded with murmur3 of the identity', () => {
    expect(aliasSalt(IDENTITY)).toBe(murmur3(IDENTITY, 0));
    expect(stickyHash(IDENTITY, 'exec-000001')).toBe(murmur3('exec-000001', murmur3(IDENTITY, 0)));
  });

  it('pins the salts', () => {
    expect(aliasSalt(IDENTITY)).toBe(3371620984);
    expect(versionSalt('1')).toBe(1957450686);
    expect(versionSalt('2')).toBe(3291656559);
    expect(versionSalt('DRAFT')).toBe(1665839450);
  });

  const eightyTwenty = compileRouting([
    { version: '1', weight: 80 },
    { version: '2', weight: 20 },
  ]);
  const threeWay = compileRouting([
    { version: '1', weight: 50 },
    { version: '2', weight: 30 },
    { version: '3', weight: 20 },
  ]);
  it.each([
    ['exec-000001', 3286743629, '1', '3'],
    ['exec-000002', 1134068027, '1', '1'],
    ['3f2b9c1e-7d4a-4e8b-9a6f-1c2d3e4f5a6b', 3766700176, '1', '1'],
    ['tenant-42', 812177444, '1', '1'],
    ['é-key', 1791896030, '1', '1'],
    ['', 1500819264, '1', '2'],
  ])('known answer: key %j hashes to %i, version %s at 80/20 and %s at 50/30/20', (key, hash, two, three) => {
    expect(stickyHash(IDENTITY, key)).toBe(hash);
    expect(eightyTwenty.selectHash(hash)).toBe(two);
    expect(threeWay.selectHash(hash)).toBe(three);
  });
});

describe('weighted rendezvous', () => {
  it.each([
    [80, 20],
    [20, 80],
    [50, 50],
    [1, 999_999],
    [999_999, 1],
    [2_147_483_647, 1],
    [3, 7],
  ])('the two-version fast path agrees with the general race on every key (%i : %i)', (w0, w1) => {
    const salts = Int32Array.from(['a', 'b'], versionSalt);
    const inverse = Float64Array.from([w0, w1], (w) => 1 / w);
    const edges = stickyEdges(w0, w1);
    let disagreements = 0;
    for (const h of hashes(200_000)) {
      const fast = rendezvousPairIn(h, salts, inverse, edges);
      if (fast !== rendezvous(h, salts, inverse)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  const config = (entries: readonly [string, number][]): RoutingEntry[] => entries.map(([version, weight]) => ({ version, weight }));

  it('depends on neither entry order nor weight-0 entries', () => {
    const a = compileRouting(config([['1', 10], ['2', 30], ['3', 60]]));
    const b = compileRouting(config([['3', 60], ['9', 0], ['1', 10], ['2', 30]]));
    for (const h of hashes(20_000)) expect(b.selectHash(h)).toBe(a.selectHash(h));
  });

  it('raising one weight moves keys only into that version; lowering moves them only out', () => {
    const before = compileRouting(config([['1', 10], ['2', 30], ['3', 60], ['4', 5]]));
    const raised = compileRouting(config([['1', 10], ['2', 50], ['3', 60], ['4', 5]]));
    const lowered = compileRouting(config([['1', 10], ['2', 30], ['3', 20], ['4', 5]]));
    let movedIn = 0;
    let movedOut = 0;
    for (const h of hashes(50_000)) {
      const was = before.selectHash(h);
      const up = raised.selectHash(h);
      const down = lowered.selectHash(h);
      if (up !== was) {
        expect(up).toBe('2');
        movedIn++;
      }
      if (down !== was) {
        expect(was).toBe('3');
        movedOut++;
      }
    }
    expect(movedIn).toBeGreaterThan(0);
    expect(movedOut).toBeGreaterThan(0);
  });

  it('adding a version at weight 0 moves nobody; raising it from 0 moves keys only into it', () => {
    const two = compileRouting(config([['1', 80], ['2', 20]]));
    const withZero = compileRouting(config([['1', 80], ['2', 20], ['3', 0]]));
    const withThree = compileRouting(config([['1', 80], ['2', 20], ['3', 10]]));
    for (const h of hashes(50_000)) {
      expect(withZero.selectHash(h)).toBe(two.selectHash(h));
      const now = withThree.selectHash(h);
      if (now !== two.selectHash(h)) expect(now).toBe('3');
    }
  });
});

describe('shared sticky edges', () => {
  it('two tables with the same weight pair share one edge array, equal to freshly computed edges', () => {
    const a = selectorOf(compileRouting(config2(80, 20)));
    // Other versions, same weights: a different table, the same edges.
    const b = selectorOf(compileRouting([{ version: 'x', weight: 80 }, { version: 'y', weight: 20 }]));
    expect(b.edges).toBe(a.edges);
    expect([...a.edges]).toEqual([...stickyEdges(80, 20)]);
    expect(selectorOf(compileRouting(config2(20, 80))).edges).not.toBe(a.edges);
  });
});

function config2(w1: number, w2: number): RoutingEntry[] {
  return [
    { version: '1', weight: w1 },
    { version: '2', weight: w2 },
  ];
}
