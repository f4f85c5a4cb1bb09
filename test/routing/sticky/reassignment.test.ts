import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../../harness/budget.js';
import { assertProperty, failureOf, isCheckFailure } from '../../harness/property-run.js';
import { STICKY_IMPLEMENTATIONS } from './implementations.js';
import {
  loweringMovesKeysOnlyOut,
  movingWeightMovesOnlyFromIOrToJ,
  orderAndZeroWeightsMoveNothing,
  raisingMovesKeysOnlyIn,
  twoVersionMoveIsExact,
} from './reassignment.properties.js';
import { CUMULATIVE_STICKY, POSITION_SALTED } from './wrong-sticky.js';

const RUNS = propertyRuns(15);

describe.each(STICKY_IMPLEMENTATIONS.map((impl) => [impl.name, impl] as const))('%s', (_name, impl) => {
  it('raising one weight moves keys only into that version', () => {
    assertProperty(raisingMovesKeysOnlyIn(impl, RUNS));
  });

  it('lowering one weight moves keys only out of that version', () => {
    assertProperty(loweringMovesKeysOnlyOut(impl, RUNS));
  });

  it('moving weight from i to j changes only keys leaving i or landing on j, at most twice the moved share', () => {
    assertProperty(movingWeightMovesOnlyFromIOrToJ(impl, RUNS));
  });

  it('with two versions, exactly the moved share moves, all from i to j', () => {
    assertProperty(twoVersionMoveIsExact(impl, RUNS));
  });

  it('entry order and weight-0 entries change no key', () => {
    assertProperty(orderAndZeroWeightsMoveNothing(impl, RUNS));
  });
});

describe('the reassignment properties reject wrong sticky schemes', () => {
  it('cumulative ranges over the hash move keys between versions whose weights did not change', () => {
    expect(failureOf(raisingMovesKeysOnlyIn(CUMULATIVE_STICKY, RUNS))).toSatisfy(isCheckFailure);
    expect(failureOf(loweringMovesKeysOnlyOut(CUMULATIVE_STICKY, RUNS))).toSatisfy(isCheckFailure);
    expect(failureOf(movingWeightMovesOnlyFromIOrToJ(CUMULATIVE_STICKY, RUNS))).toSatisfy(isCheckFailure);
  });

  it('salting versions by position makes entry order and weight-0 entries move keys', () => {
    expect(failureOf(orderAndZeroWeightsMoveNothing(POSITION_SALTED, RUNS))).toSatisfy(isCheckFailure);
  });
});
