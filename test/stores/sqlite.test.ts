import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationException } from '../../src/errors.js';
import { openSqliteStore } from '../../src/stores/sqlite.js';
import { thrownBy } from '../harness/thrown.js';
import { storeConformance } from './store.suite.js';

const dir = mkdtempSync(join(tmpdir(), 'far-sqlite-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeConformance('sqlite', {
  async open(options) {
    const path = join(dir, `store-${++files}.db`);
    return { store: openSqliteStore(path, options), reopen: async (again) => openSqliteStore(path, again) };
  },
});

describe('SqliteStore', () => {
  it('refuses a path that is not a SQLite database, or not a path, with a typed error', () => {
    const notDb = thrownBy(() => openSqliteStore(dir));
    expect(notDb).toBeInstanceOf(ValidationException);
    expect((notDb as ValidationException).field).toBe('path');
    for (const path of ['', 42, 'a\0b']) {
      const error = thrownBy(() => openSqliteStore(path as string));
      expect(error).toBeInstanceOf(ValidationException);
    }
  });
});
