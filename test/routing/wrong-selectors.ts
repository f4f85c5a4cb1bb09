import type { RoutingEntry } from '../../test/all-entries.js';
import { ANY_CONFIG } from './fixtures.js';
import type { UniformSelector } from './implementations.js';
import { naivePick } from './reference.js';

/**
 * Deliberately wrong selectors, each a bug a real implementation could ship. The power tests prove the
 * suite's own properties reject every one of them.
 */

function wrong(name: string, select: (entries: readonly RoutingEntry[], u: number) => string): UniformSelector {
  return {
    name,
    limits: ANY_CONFIG,
    build(entries) {
      const copy = entries.map((entry) => ({ ...entry }));
      return { select: (u) => select(copy, u), pieces: () => 1 };
    },
  };
}

/** Gives the first version `shift` more share than configured (two versions): a mis-rounded threshold. */
export function shiftedSelector(shift: number): UniformSelector {
  return wrong(`shifted by ${shift}`, (entries, u) => {
    const [first, second] = entries.filter((entry) => entry.weight > 0);
    if (first === undefined || second === undefined) throw new Error('shiftedSelector needs two versions');
    return u < first.weight / (first.weight + second.weight) + shift ? first.version : second.version;
  });
}

/**
 * Buckets u into the integer range [0, total) and compares with `<=` where `<` is right: every cumulative
 * boundary moves up by one bucket, so the first version gains 1/total and the last loses it.
 */
export const OFF_BY_ONE_BOUNDARY = wrong('off by one at a cumulative boundary', (entries, u) => {
  let total = 0;
  for (const entry of entries) total += entry.weight;
  const bucket = Math.floor(u * total);
  let cumulative = 0;
  let last = '';
  for (const entry of entries) {
    if (entry.weight === 0) continue;
    cumulative += entry.weight;
    last = entry.version;
    if (bucket <= cumulative) return entry.version;
  }
  return last;
});

/** Loops over all but the last entry, falling back to the first when those carry no weight. */
export const IGNORES_LAST_ENTRY = wrong('ignores the last entry', (entries, u) => {
  const head = entries.slice(0, -1);
  return head.some((entry) => entry.weight > 0) ? naivePick(head, u) : (entries[0] as RoutingEntry).version;
});

/** Treats weight 0 as weight 1, as `Math.max(1, weight)` would: retired versions keep a little traffic. */
export const PICKS_WEIGHT_ZERO = wrong('picks a weight-0 version', (entries, u) =>
  naivePick(
    entries.map((entry) => ({ version: entry.version, weight: Math.max(1, entry.weight) })),
    u,
  ),
);
