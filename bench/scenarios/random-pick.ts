// The router's default generator, for a second floor drawing as the pick does (dist internals, by path).
import { FastRandom } from '../../dist/internal.js';
import { ALIASES, FLOW, hotRouter, versionsFor, weightsFor } from '../harness/fixtures.js';
import { measure, optionsFor, type Contender } from '../harness/measure.js';
import type { FamilyOutput, Mode } from '../harness/results.js';
import { PEERS } from '../peers/peers.js';
import { FLOOR, FLOOR_FAST, RANDOM_PICK, SIZES, US } from './names.js';

/**
 * Cached random pick on a hot key at n = 1, 2, 10 and 100 versions: us (a router with default options holding
 * all four aliases, so its hot path sees every selector shape, as a gateway's does), the floor and every peer.
 */

interface FloorConfig {
  readonly p0: number;
  readonly v0: string;
  readonly v1: string;
}

export function randomPickContenders(): Contender[] {
  const { router } = hotRouter();
  // The floor: the least a gateway could do: Map.get of the alias, Math.random, one compare (an 80/20 split).
  const floorConfigs = new Map<string, FloorConfig>([[ALIASES[2], { p0: 0.8, v0: '1', v1: '2' }]]);
  const floorKey = ALIASES[2];
  const contenders: Contender[] = [
    {
      scenario: RANDOM_PICK,
      impl: FLOOR,
      n: null,
      baseline: null,
      note: 'Map.get + Math.random + one compare',
      op: () => {
        const c = floorConfigs.get(floorKey)!;
        return Math.random() < c.p0 ? c.v0 : c.v1;
      },
    },
  ];
  // The same floor drawing from the router's own generator instead of Math.random: what the router adds
  // beyond a Map.get once the draw costs the same (informational; the gates use the Math.random floor).
  const rng = new FastRandom();
  contenders.push({
    scenario: RANDOM_PICK,
    impl: FLOOR_FAST,
    n: null,
    baseline: FLOOR,
    note: 'Map.get + a FastRandom draw + one compare',
    op: () => {
      const c = floorConfigs.get(floorKey)!;
      return rng.draws[rng.take()]! < c.p0 ? c.v0 : c.v1;
    },
  });
  for (const n of SIZES) {
    const alias = ALIASES[n];
    contenders.push({ scenario: RANDOM_PICK, impl: US, n, baseline: FLOOR, op: () => router.pick(FLOW, alias) });
  }
  for (const peer of PEERS) {
    const configs = new Map<string, unknown>(SIZES.map((n) => [ALIASES[n], peer.prepare(versionsFor(n), weightsFor(n))]));
    for (const n of SIZES) {
      contenders.push({ scenario: RANDOM_PICK, impl: peer.name, n, baseline: FLOOR, op: peer.op(configs, ALIASES[n]) });
    }
  }
  return contenders;
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  return { rows: await measure(randomPickContenders(), optionsFor(mode)) };
}
