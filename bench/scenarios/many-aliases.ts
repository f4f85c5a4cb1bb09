import { MemorySource, Router } from 'flow-alias-router';
import { entriesFor, fixtureRandom, flat } from '../harness/fixtures.js';
import { measure, optionsFor, type Contender } from '../harness/measure.js';
import type { FamilyOutput, Mode } from '../harness/results.js';
import { MANY_FLOOR, MANY_PICK, US } from './names.js';

/**
 * Cached random pick at 100,000 cached aliases (1,000 flows of 100 aliases, two versions each) with random
 * access: every op picks the alias named by a precomputed random sequence, so the caches miss as they do in
 * a gateway serving many tenants. The floor does the same with one Map of 100,000 precomputed
 * `flow/alias` keys, then Math.random and one compare. The router's LRU must bound memory without its
 * bookkeeping dominating the pick: here is where that shows.
 */
const FLOWS = 1000;
const PER_FLOW = 100;
const ALIAS_COUNT = FLOWS * PER_FLOW;
/** Length of the precomputed access sequence (a power of two, far more than the cache lines it touches). */
const SEQUENCE = 1 << 20;

interface FloorConfig {
  readonly p0: number;
  readonly v0: string;
  readonly v1: string;
}

export function manyAliasContenders(): Contender[] {
  const flows = Array.from({ length: FLOWS }, (_, f) => flat(`flow-${String(f).padStart(4, '0')}`));
  const aliases = Array.from({ length: PER_FLOW }, (_, a) => flat(`alias-${String(a).padStart(3, '0')}`));
  const source = new MemorySource();
  for (const flow of flows) for (const alias of aliases) source.set(flow, alias, entriesFor(2));
  const router = new Router({ source, maxAliases: ALIAS_COUNT });
  for (const flow of flows) for (const alias of aliases) router.pick(flow, alias);

  const random = fixtureRandom('many-aliases');
  const flowOf = new Array<string>(SEQUENCE);
  const aliasOf = new Array<string>(SEQUENCE);
  const keyOf = new Array<string>(SEQUENCE);
  const keys = flows.map((flow) => aliases.map((alias) => flat(`${flow}/${alias}`)));
  const floorConfigs = new Map<string, FloorConfig>();
  for (const row of keys) for (const key of row) floorConfigs.set(key, { p0: 0.8, v0: '1', v1: '2' });
  for (let i = 0; i < SEQUENCE; i++) {
    const f = Math.floor(random() * FLOWS);
    const a = Math.floor(random() * PER_FLOW);
    flowOf[i] = flows[f]!;
    aliasOf[i] = aliases[a]!;
    keyOf[i] = keys[f]![a]!;
  }
  // One pass over the sequence so every alias's LRU recency is current before timing.
  for (let i = 0; i < SEQUENCE; i++) router.pick(flowOf[i]!, aliasOf[i]!);
  const mask = SEQUENCE - 1;
  return [
    {
      scenario: MANY_PICK,
      impl: MANY_FLOOR,
      n: 2,
      baseline: null,
      note: 'Map.get of 100,000 keys + Math.random + one compare',
      op: (i) => {
        const c = floorConfigs.get(keyOf[i & mask]!)!;
        return Math.random() < c.p0 ? c.v0 : c.v1;
      },
    },
    {
      scenario: MANY_PICK,
      impl: US,
      n: 2,
      baseline: MANY_FLOOR,
      note: '100,000 cached aliases, random access',
      op: (i) => router.pick(flowOf[i & mask]!, aliasOf[i & mask]!),
    },
  ];
}

/**
 * A pick here is a chain of cache misses, so what ran just before decides much of a round: with the order
 * rotated, each contender ran every other round right after itself (its data still cached) and every other
 * round right after the other, and the per-round ratios alternated between about 1.2 and 3.5 (measured). In
 * a fixed order each contender always runs right after the other, both start every round as cold, and the
 * median of 41 short rounds is stable. The setup (100,000 aliases, a 2^20-pick sequence) costs more than the
 * timing.
 */
export async function run(mode: Mode): Promise<FamilyOutput> {
  return { rows: await measure(manyAliasContenders(), { ...optionsFor(mode), rounds: 41, timeMs: 10, rotate: false }) };
}
