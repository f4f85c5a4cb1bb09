import { murmur3 } from 'flow-alias-router';
// The int32 form of the same hash, which the pick uses: the public murmur3 returns a uint32 that V8 boxes
// for half of all keys, and the floor must not pay a box the pick does not.
import { murmur3Int32 } from '../../dist/internal.js';
import { ALIASES, FLOW, executionKeys, hotRouter } from '../harness/fixtures.js';
import { measure, optionsFor, type Contender } from '../harness/measure.js';
import type { FamilyOutput, Mode } from '../harness/results.js';
import { STICKY_FLOOR, STICKY_PICK, US } from './names.js';

/**
 * Sticky pick: 36-character execution keys at n = 2 and 10 against the sticky floor, `Map.get` + the frozen
 * sticky hash (murmur3 from dist) + one compare. Both rotate through the same 1,024 keys, so the hash is not
 * hoisted and the rare slow branch of a two-version race is taken as often as in production.
 */
const KEY_COUNT = 1024;

interface StickyFloorConfig {
  readonly salt: number;
  /** 0.8 * 2^32 - 2^31, for the int32 form of the hash: hashes below go to the first version. */
  readonly threshold: number;
  readonly v0: string;
  readonly v1: string;
}

export function stickyContenders(sizes: readonly (2 | 10)[]): Contender[] {
  const { router } = hotRouter();
  const keys = executionKeys(KEY_COUNT);
  const mask = KEY_COUNT - 1;
  const alias = ALIASES[2];
  // The alias salt as the frozen contract defines it: murmur3 of the alias identity with seed 0.
  const salt = murmur3(`${FLOW}/${alias}`, 0);
  const floorConfigs = new Map<string, StickyFloorConfig>([[alias, { salt, threshold: 0.8 * 2 ** 32 - 2 ** 31, v0: '1', v1: '2' }]]);
  const contenders: Contender[] = [
    {
      scenario: STICKY_PICK,
      impl: STICKY_FLOOR,
      n: null,
      baseline: null,
      note: 'Map.get + murmur3 of the key (dist) + one compare',
      op: (i) => {
        const c = floorConfigs.get(alias)!;
        return (murmur3Int32(keys[i & mask]!, c.salt) ^ 0x80000000) < c.threshold ? c.v0 : c.v1;
      },
    },
  ];
  for (const n of sizes) {
    const target = ALIASES[n];
    contenders.push({
      scenario: STICKY_PICK,
      impl: US,
      n,
      baseline: STICKY_FLOOR,
      op: (i) => router.pick(FLOW, target, keys[i & mask]),
    });
  }
  return contenders;
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  return { rows: await measure(stickyContenders([2, 10]), optionsFor(mode)) };
}
