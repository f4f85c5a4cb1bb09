import { describe, it } from 'vitest';
import { propertyRuns } from '../harness/budget.js';
import { assertProperty } from '../harness/property-run.js';
import {
  compileAcceptsOrRejects,
  errorNamesTheBrokenField,
  errorNamesTheList,
  memorySourceUnchangedOnFailure,
  selectAcceptsOrRejects,
} from './bad-input.properties.js';

const RUNS = propertyRuns(300);

describe('bad input gives a result or a ValidationException, never another error', () => {
  it('compileRouting(anything, anything)', () => {
    assertProperty(compileAcceptsOrRejects(RUNS));
  });

  it('one broken entry: the error names it, e.g. entries[3].weight', () => {
    assertProperty(errorNamesTheBrokenField(RUNS));
  });

  it('a broken list: the error names entries', () => {
    assertProperty(errorNamesTheList(RUNS));
  });

  it('RoutingTable.select(anything) and selectHash(anything)', () => {
    assertProperty(selectAcceptsOrRejects(RUNS));
  });

  it('MemorySource.set with bad input changes nothing', () => {
    assertProperty(memorySourceUnchangedOnFailure(RUNS));
  });
});
