import { describe, expect, it } from 'vitest';
import { Router, seededRandom } from '../../test/all-entries.js';
import { propertyRuns } from '../harness/budget.js';
import { assertProperty, failureOf, isCheckFailure } from '../harness/property-run.js';
import { picksAfterUpdateUseNewConfig, type RouterFactory } from './update.properties.js';

const RUNS = propertyRuns(60);

const subscribed: RouterFactory = (mode, source, seed) =>
  mode === 'seeded' ? new Router({ source, seed: `update-${seed}` }) : new Router({ source, random: seededRandom(`update-${seed}`) });

/** A router over the same configs that is never told of changes: it keeps serving what it cached. */
const deaf: RouterFactory = (_mode, source) => new Router({ source: { getRouting: (flow, alias) => source.getRouting(flow, alias) } });

describe('a pick after an update uses only the new config', () => {
  it.each([['random'], ['seeded'], ['sticky']] as const)('%s picks', (mode) => {
    assertProperty(picksAfterUpdateUseNewConfig(mode, subscribed, RUNS));
  });

  it('the property fails for a router that is not subscribed to changes', () => {
    expect(failureOf(picksAfterUpdateUseNewConfig('random', deaf, RUNS))).toSatisfy(isCheckFailure);
  });
});
