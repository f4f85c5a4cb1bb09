import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableException, ValidationException } from '../../src/errors.js';
import { importDriver, requireDriver } from '../../src/stores/driver.js';
import { openSqliteStore } from '../../src/stores/sqlite.js';
import { thrownBy } from '../harness/thrown.js';
import { rejectionOf } from './fixtures.js';
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

describe('SqliteStore durability settings', () => {
  it('puts the file in WAL mode', async () => {
    const path = join(dir, 'wal.db');
    openSqliteStore(path).close();
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });
});

describe('optional drivers', () => {
  it('names a missing driver package and how to install it, as a typed error', async () => {
    const error = thrownBy(() => requireDriver('better-sqlite3', () => createRequire(import.meta.url)('no-such-package-far')));
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).code).toBe('StoreDriverMissing');
    expect((error as Error).message).toContain('npm install better-sqlite3');
    const asyncError = await rejectionOf(importDriver('pg', () => import('no-such-package-far' as string)));
    expect(asyncError).toBeInstanceOf(ValidationException);
    expect((asyncError as Error).message).toContain('npm install pg');
    const other = new Error('the driver failed to initialise');
    expect(thrownBy(() => requireDriver('better-sqlite3', () => { throw other; }))).toBe(other);
  });

  it('are not loaded by importing the library or the store modules, only by opening a store', () => {
    const script = `
      import { createRequire } from 'node:module';
      await import('flow-alias-router');
      await import('flow-alias-router/stores');
      await import('flow-alias-router/registry');
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules[\\/](pg|better-sqlite3)[\\/]/.test(f));
      process.stdout.write(JSON.stringify(loaded));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(out)).toEqual([]);
  });
});

describe('SqliteStore busy and closed', () => {
  it('answers a typed, retryable 503 when another connection holds the write lock past the busy timeout', () => {
    const path = join(dir, 'busy.db');
    const a = openSqliteStore(path);
    const b = openSqliteStore(path, { busyTimeoutMs: 0 });
    try {
      const busy = a.write(function* (tx) {
        yield* tx.nextRevision();
        return thrownBy(() => b.write((other) => other.nextRevision()));
      });
      expect(busy).toBeInstanceOf(ServiceUnavailableException);
      expect((busy as ServiceUnavailableException).code).toBe('StoreBusy');
      expect(b.write((tx) => tx.nextRevision())).toBe(2);
    } finally {
      a.close();
      b.close();
    }
  });

  it('answers 503 once closed', () => {
    const store = openSqliteStore(join(dir, 'closed.db'));
    store.close();
    const error = thrownBy(() => store.revision());
    expect(error).toBeInstanceOf(ServiceUnavailableException);
    expect((error as ServiceUnavailableException).code).toBe('StoreClosed');
  });
});
