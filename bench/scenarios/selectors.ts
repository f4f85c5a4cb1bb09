import { compileRouting, selectorOf } from '../../dist/internal.js';
import { entriesFor, fixtureRandom } from '../harness/fixtures.js';
import { measure, type Contender, type MeasureOptions } from '../harness/measure.js';
import type { FamilyOutput, Mode } from '../harness/results.js';
import { SELECTOR, SELECTOR_SHAPES, SELECTOR_SIZES, SELECTOR_STRATEGIES } from './names.js';

/**
 * The selectors for three or more versions against each other, so `AUTO_MANY_SELECTOR` in
 * src/routing/compile.ts is chosen by measurement: the guide table, Vose's alias method and binary search,
 * each through the compiled selector's `indexOfAt` (the one path every pick takes),
 * fed the same 4,096 precomputed uniform draws, at n = 3 to 1,000 and three weight shapes. Ratios are to
 * the guide table, measured in the same rounds.
 */
const DRAWS = 4096;

/** Weight shapes: a ramp 1..n, one dominant version (95%) and the rest equal, and random integers 1..1,000. */
const SHAPES: Readonly<Record<(typeof SELECTOR_SHAPES)[number], (n: number) => number[]>> = {
  ramp: (n) => Array.from({ length: n }, (_, i) => i + 1),
  dominant: (n) => Array.from({ length: n }, (_, i) => (i === 0 ? 19 * (n - 1) : 1)),
  random: (n) => {
    const random = fixtureRandom(`weights ${n}`);
    return Array.from({ length: n }, () => 1 + Math.floor(random() * 1000));
  },
};

const QUICK_SELECTORS: MeasureOptions = { rounds: 7, timeMs: 20, warmupMs: 60, batchNs: 20_000 };
const FULL_SELECTORS: MeasureOptions = { rounds: 11, timeMs: 30, warmupMs: 100, batchNs: 20_000 };

export function selectorContenders(): Contender[] {
  const random = fixtureRandom('selector draws');
  const draws = Float64Array.from({ length: DRAWS }, () => random());
  const mask = DRAWS - 1;
  const contenders: Contender[] = [];
  for (const shape of SELECTOR_SHAPES) {
    const weightsOf = SHAPES[shape];
    for (const n of SELECTOR_SIZES) {
      const entries = entriesFor(n, weightsOf(n));
      for (const strategy of SELECTOR_STRATEGIES) {
        const table = selectorOf(compileRouting(entries, { selector: strategy }));
        contenders.push({
          scenario: SELECTOR,
          impl: strategy,
          n,
          shape,
          baseline: strategy === 'guide' ? null : 'guide',
          op: (i) => table.indexOfAt(draws, i & mask),
        });
      }
    }
  }
  return contenders;
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  return { rows: await measure(selectorContenders(), mode === 'ci' ? QUICK_SELECTORS : FULL_SELECTORS) };
}
