import { describe, it } from 'vitest';
import { assertProperty } from '../harness/property-run.js';
import { DISTRIBUTION_RUNS, picksMatchWeights } from '../routing/distribution.properties.js';
import { ROUTER_SAMPLERS } from '../routing/implementations.js';


describe.each(ROUTER_SAMPLERS.map((sampler) => [sampler.name, sampler] as const))('%s', (_name, sampler) => {
  it('picks match the weights (chi-square)', () => {
    assertProperty(picksMatchWeights(sampler, DISTRIBUTION_RUNS));
  });
});
