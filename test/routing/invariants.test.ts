import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../harness/budget.js';
import { assertProperty, failureOf, isCheckFailure } from '../harness/property-run.js';
import { ALL_SAMPLERS, seededSampler } from './implementations.js';
import { picksAreConfiguredPositiveVersions, singleVersionAlwaysPicked } from './invariants.properties.js';
import { IGNORES_LAST_ENTRY, PICKS_WEIGHT_ZERO } from './wrong-selectors.js';

const RUNS = propertyRuns(50);

describe.each(ALL_SAMPLERS.map((impl) => [impl.name, impl] as const))('%s', (_name, impl) => {
  it('never picks a weight-0 or unconfigured version', () => {
    assertProperty(picksAreConfiguredPositiveVersions(impl, RUNS));
  });

  it('always picks the only version of a single-version alias', () => {
    assertProperty(singleVersionAlwaysPicked(impl, RUNS));
  });
});

describe('the invariants reject wrong selectors', () => {
  it('a selector that picks weight-0 versions', () => {
    expect(failureOf(picksAreConfiguredPositiveVersions(seededSampler(PICKS_WEIGHT_ZERO), RUNS))).toSatisfy(isCheckFailure);
    expect(failureOf(singleVersionAlwaysPicked(seededSampler(PICKS_WEIGHT_ZERO), RUNS))).toSatisfy(isCheckFailure);
  });

  it('a selector that ignores the last entry', () => {
    expect(failureOf(singleVersionAlwaysPicked(seededSampler(IGNORES_LAST_ENTRY), RUNS))).toSatisfy(isCheckFailure);
  });
});
