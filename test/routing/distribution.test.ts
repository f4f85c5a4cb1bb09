import { describe, it } from 'vitest';
import { propertyRuns } from '../harness/budget.js';
import { assertProperty } from '../harness/property-run.js';
import { DISTRIBUTION_RUNS, gridSharesMatchWeights, picksMatchWeights } from './distribution.properties.js';
import { seededSampler, UNIFORM_SELECTORS } from './implementations.js';

const GRID_RUNS = propertyRuns(25);

describe.each(UNIFORM_SELECTORS.map((selector) => [selector.name, selector] as const))('%s', (_name, selector) => {
  it('picks match the weights (chi-square, seeded u)', () => {
    assertProperty(picksMatchWeights(seededSampler(selector), DISTRIBUTION_RUNS));
  });

  it('a grid of u gives each version its share to within one grid step', () => {
    assertProperty(gridSharesMatchWeights(selector, GRID_RUNS));
  });
});
