import { describe, expect, it } from 'vitest';
import { InternalServerException } from '../../src/errors.js';
import { cutAtRevision } from '../../src/stores/changes.js';
import { asInt, storable } from '../../src/stores/sql/rows.js';
import { thrownBy } from '../harness/thrown.js';

describe('SQL row readers', () => {
  it('read integers from numbers (SQLite) and decimal strings (int8 and numeric from pg), never past 2^53', () => {
    expect([asInt(42), asInt('42'), asInt('-7'), asInt('9007199254740991')]).toEqual([42, 42, -7, 9007199254740991]);
    for (const bad of ['9007199254740993', '1e3', '4.2', '', null, 1.5, 2 ** 60]) {
      expect(thrownBy(() => asInt(bad)), String(bad)).toBeInstanceOf(InternalServerException);
    }
  });

  it('know which keys an engine keeps exactly', () => {
    expect(['plain', 'é', '😀', '__proto__'].every(storable)).toBe(true);
    expect(['\0', 'a\ud800', '\udc00b', '\ud800\ud800'].some(storable)).toBe(false);
  });
});

describe('cutAtRevision', () => {
  const at = (...revisions: number[]) => revisions.map((revision) => ({ revision, kind: 'updated' as const, identity: '', flowId: '', aliasId: '' }));
  it('keeps whole revisions within the limit, or names the one revision that alone exceeds it', () => {
    expect(cutAtRevision(at(1, 2), 2)).toEqual(at(1, 2));
    expect(cutAtRevision(at(1, 2, 2), 2)).toEqual(at(1));
    expect(cutAtRevision(at(1, 1, 1), 2)).toBe(1);
    expect(cutAtRevision(at(1, 2, 3), 2)).toEqual(at(1, 2));
  });
});
