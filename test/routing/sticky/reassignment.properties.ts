import fc from 'fast-check';
import { expect } from 'vitest';
import { MAX_WEIGHT, type RoutingEntry } from '../../../test/all-entries.js';
import { checkAlpha } from '../../harness/budget.js';
import { binomialTwoSided, binomialUpperTail } from '../../harness/binomial.js';
import type { PropertyRun } from '../../harness/property-run.js';
import { StatisticalRejection } from '../../harness/verdict.js';
import { routingConfigs } from '../fixtures.js';
import type { StickyRouting } from './implementations.js';
import { keyStream } from './key-families.js';

/**
 * Stable reassignment, for any number of versions, with no stored state (issue 2): which keys may move, and
 * how many, when weights change. The "only into / only out of / left i or landed on j" rules are exact and
 * checked key by key; the share that moved is a sampling question and is tested by exact binomial tails.
 */

/** Sticky configs: each pick costs a hash and a draw per version, so at most this many entries. */
const MAX_STICKY_ENTRIES = 12;
/** Keys per run for the exact rules. */
const KEYS = 3_000;
/** Keys per run where the share that moved is tested: enough to pin a 2-version move to about +-2.5 pp at the Bonferroni level. */
const SHARE_KEYS = 8_000;

const identities = fc.string({ minLength: 1, maxLength: 40 });
const seeds = fc.noShrink(fc.nat());

function keysFor(seed: number, count: number): string[] {
  const next = keyStream(seed);
  return Array.from({ length: count }, next);
}

function withWeight(entries: readonly RoutingEntry[], index: number, weight: number): RoutingEntry[] {
  return entries.map((entry, i) => (i === index ? { version: entry.version, weight } : entry));
}

function totalWeight(entries: readonly RoutingEntry[]): number {
  return entries.reduce((sum, entry) => sum + entry.weight, 0);
}

/** The keys whose version changed, as [before, after] pairs. */
function changes(before: readonly string[], after: readonly string[]): [string, string][] {
  return before.flatMap((version, i): [string, string][] => (after[i] === version ? [] : [[version, after[i] as string]]));
}

interface Move {
  readonly from: string;
  readonly to: string;
  /** The share of traffic moved: moved weight / total. */
  readonly share: number;
  readonly keys: number;
  readonly changed: readonly [string, string][];
}

/**
 * Moves a fraction of entry i's weight (at least 1) to entry j and reports which of SHARE_KEYS keys changed;
 * skips the run (fc.pre) when j is already at MAX_WEIGHT.
 */
function observeMove(impl: StickyRouting, entries: readonly RoutingEntry[], i: number, j: number, fraction: number, identity: string, seed: number): Move {
  const from = entries[i] as RoutingEntry;
  const to = entries[j] as RoutingEntry;
  const moved = Math.min(Math.max(1, Math.floor(from.weight * fraction)), MAX_WEIGHT - to.weight);
  fc.pre(moved >= 1);
  const after = withWeight(withWeight(entries, i, from.weight - moved), j, to.weight + moved);
  const keys = keysFor(seed, SHARE_KEYS);
  const [first, second] = impl.reassign(identity, entries, after, keys);
  return { from: from.version, to: to.version, share: moved / totalWeight(entries), keys: keys.length, changed: changes(first, second) };
}

function rejectBelow(p: number, alpha: number, what: string): void {
  if (p < alpha) throw new StatisticalRejection(`${what} (p = ${p.toExponential(3)} < alpha = ${alpha.toExponential(3)})`);
}

/** Raising one version's weight (from 0 too: adding a version) moves keys only into that version. */
export function raisingMovesKeysOnlyIn(impl: StickyRouting, runs: number): PropertyRun<[RoutingEntry[], number, number, string, number]> {
  return {
    property: fc.property(
      routingConfigs({ maxVersions: MAX_STICKY_ENTRIES, maxEntries: MAX_STICKY_ENTRIES }),
      fc.nat(),
      fc.integer({ min: 1, max: 1_000_000 }),
      identities,
      seeds,
      (entries, pick, raise, identity, seed) => {
        const j = pick % entries.length;
        const target = entries[j] as RoutingEntry;
        const after = withWeight(entries, j, Math.min(target.weight + raise, MAX_WEIGHT));
        const [first, second] = impl.reassign(identity, entries, after, keysFor(seed, KEYS));
        const elsewhere = changes(first, second).filter(([, to]) => to !== target.version);
        expect(elsewhere, `keys that moved elsewhere than into ${target.version}`).toEqual([]);
      },
    ),
    parameters: { numRuns: runs },
  };
}

/** Lowering one version's weight (to 0 too: retiring it) moves keys only out of that version. */
export function loweringMovesKeysOnlyOut(impl: StickyRouting, runs: number): PropertyRun<[RoutingEntry[], number, number, string, number]> {
  return {
    property: fc.property(
      routingConfigs({ maxVersions: MAX_STICKY_ENTRIES, maxEntries: MAX_STICKY_ENTRIES, minVersions: 2 }),
      fc.nat(),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      identities,
      seeds,
      (entries, pick, keep, identity, seed) => {
        const positive = entries.flatMap((entry, i) => (entry.weight > 0 ? [i] : []));
        const j = positive[pick % positive.length] as number;
        const target = entries[j] as RoutingEntry;
        const after = withWeight(entries, j, Math.floor(target.weight * keep));
        const [first, second] = impl.reassign(identity, entries, after, keysFor(seed, KEYS));
        const fromElsewhere = changes(first, second).filter(([from]) => from !== target.version);
        expect(fromElsewhere, `keys that left another version than ${target.version}`).toEqual([]);
      },
    ),
    parameters: { numRuns: runs },
  };
}

/**
 * Moving weight from version i to version j: every key that changed left i or landed on j, and the share that
 * changed is within twice the share moved. (Lowering i moves at most the moved share out of it, raising j at
 * most the moved share into it, so the expected changed share is at most twice the moved share; the observed
 * count is tested against Binomial(keys, 2 x moved share) by its exact upper tail, Bonferroni over the runs.)
 */
export function movingWeightMovesOnlyFromIOrToJ(impl: StickyRouting, runs: number): PropertyRun<[RoutingEntry[], number, number, number, string, number]> {
  const alpha = checkAlpha(runs);
  return {
    property: fc.property(
      routingConfigs({ maxVersions: MAX_STICKY_ENTRIES, maxEntries: MAX_STICKY_ENTRIES, minVersions: 2 }),
      fc.nat(),
      fc.nat(),
      fc.double({ min: 0, max: 1, minExcluded: true, noNaN: true }),
      identities,
      seeds,
      (entries, pickI, pickJ, fraction, identity, seed) => {
        const positive = entries.flatMap((entry, k) => (entry.weight > 0 ? [k] : []));
        const i = positive[pickI % positive.length] as number;
        const others = entries.map((_, k) => k).filter((k) => k !== i);
        const move = observeMove(impl, entries, i, others[pickJ % others.length] as number, fraction, identity, seed);
        const unrelated = move.changed.filter(([left, landed]) => left !== move.from && landed !== move.to);
        expect(unrelated, `keys that moved neither from ${move.from} nor to ${move.to}`).toEqual([]);
        const bound = Math.min(1, 2 * move.share);
        rejectBelow(binomialUpperTail(move.changed.length, move.keys, bound), alpha, `${move.changed.length} of ${move.keys} keys changed, twice the moved share is ${bound}`);
      },
    ),
    parameters: { numRuns: runs },
  };
}

/**
 * With two versions the move is exact: every key that changed went from i to j, and the changed share is the
 * moved share, tested two-sided against Binomial(keys, moved / total) at the Bonferroni level.
 */
export function twoVersionMoveIsExact(impl: StickyRouting, runs: number): PropertyRun<[RoutingEntry[], number, number, string, number]> {
  const alpha = checkAlpha(runs);
  return {
    property: fc.property(
      routingConfigs({ maxVersions: 2, minVersions: 2, maxEntries: 5 }),
      fc.nat(),
      fc.double({ min: 0, max: 1, minExcluded: true, noNaN: true }),
      identities,
      seeds,
      (entries, pick, fraction, identity, seed) => {
        const positive = entries.flatMap((entry, k) => (entry.weight > 0 ? [k] : []));
        const move = observeMove(impl, entries, positive[pick % 2] as number, positive[(pick + 1) % 2] as number, fraction, identity, seed);
        const otherWay = move.changed.filter(([left, landed]) => left !== move.from || landed !== move.to);
        expect(otherWay, `keys that moved other than ${move.from} -> ${move.to}`).toEqual([]);
        rejectBelow(binomialTwoSided(move.changed.length, move.keys, move.share), alpha, `${move.changed.length} of ${move.keys} keys moved, the moved share is ${move.share}`);
      },
    ),
    parameters: { numRuns: runs },
  };
}

/** Entry order and weight-0 entries change no key's version. */
export function orderAndZeroWeightsMoveNothing(impl: StickyRouting, runs: number): PropertyRun<[RoutingEntry[], number[], string[], string, number]> {
  return {
    property: fc.property(
      routingConfigs({ maxVersions: MAX_STICKY_ENTRIES, maxEntries: MAX_STICKY_ENTRIES }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: MAX_STICKY_ENTRIES + 3, maxLength: MAX_STICKY_ENTRIES + 3 }),
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 3 }),
      identities,
      seeds,
      (entries, order, extra, identity, seed) => {
        const names = new Set(entries.map((entry) => entry.version));
        const zeros = extra.filter((version) => !names.has(version)).map((version) => ({ version, weight: 0 }));
        const shuffled = [...entries, ...zeros]
          .map((entry, k) => ({ entry, rank: order[k] ?? 0 }))
          .sort((a, b) => a.rank - b.rank)
          .map(({ entry }) => entry);
        const [first, second] = impl.reassign(identity, entries, shuffled, keysFor(seed, KEYS));
        expect(changes(first, second)).toEqual([]);
      },
    ),
    parameters: { numRuns: runs },
  };
}
