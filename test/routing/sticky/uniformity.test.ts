import { describe, expect, it } from 'vitest';
import { stickyHash } from '../../../test/all-entries.js';
import { propertyRuns } from '../../harness/budget.js';
import { assertProperty, failureOf } from '../../harness/property-run.js';
import { StatisticalRejection } from '../../harness/verdict.js';
import { routerAssign, tableAssign } from './implementations.js';
import { KEY_FAMILIES } from './key-families.js';
import { aliasesIndependent, hashBucketsUniform } from './uniformity.properties.js';
import { javaStringHash, unsaltedHash } from './wrong-sticky.js';

const RUNS = propertyRuns(6);

describe.each(KEY_FAMILIES.map((family) => [family] as const))('sticky hash over %s keys', (family) => {
  it('fills 256 and 100 multiply-shift buckets uniformly', () => {
    assertProperty(hashBucketsUniform(stickyHash, family, RUNS));
  });
});

describe('aliases are independent', () => {
  it('RoutingTable.selectHash(stickyHash): the same keys on two aliases are uncorrelated', () => {
    assertProperty(aliasesIndependent(tableAssign(stickyHash), RUNS));
  });

  it('Router.pick: the same keys on two aliases are uncorrelated', () => {
    assertProperty(aliasesIndependent(routerAssign, RUNS));
  });
});

describe('the sticky statistics reject wrong hashes', () => {
  it.each([['sequence'], ['short']] as const)('a hash without avalanche fills buckets unevenly on %s keys', (family) => {
    expect(failureOf(hashBucketsUniform(javaStringHash, family, RUNS))).toBeInstanceOf(StatisticalRejection);
  });

  it('a hash that ignores the alias correlates aliases', () => {
    expect(failureOf(aliasesIndependent(tableAssign(unsaltedHash), RUNS))).toBeInstanceOf(StatisticalRejection);
  });
});
