import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import {
  InternalServerException,
  ServiceUnavailableException,
  ValidationException,
} from '../errors.js';
import { checkChangesQuery } from './changes.js';
import { requireDriver } from './driver.js';
import { STORE_OPTION_KEYS, integerOption, readOptionFields, resolveStoreOptions, type StoreOptions } from './options.js';
import { SQLITE } from './sql/dialect.js';
import { changesSinceProgram, revisionProgram } from './sql/programs.js';
import { migrate } from './sql/schema.js';
import { statements, type Statements } from './sql/statements.js';
import { SqlTx } from './sql/tx.js';
import {
  runSync,
  type SqlQuery,
  type SqlRow,
  type StoreIdentity,
  type StoreProgram,
  type StoredChange,
  type SyncStore,
} from './store.js';

export interface SqliteStoreOptions extends StoreOptions {
  /** How long a write waits for another process's write to finish before answering 503. Default 5,000 ms. */
  readonly busyTimeoutMs?: number;
}

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[]>;

/** SQLite's busy and locked codes: another connection holds the lock past the busy timeout; retrying can succeed. */
const RETRYABLE = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED']);

/** Maps what SQLite threw to a typed exception; whatever a program threw passes through unchanged. */
function sqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (!(error instanceof Error) || error.name !== 'SqliteError' || typeof code !== 'string') return error;
  if (RETRYABLE.has(code)) {
    return new ServiceUnavailableException('the SQLite store is busy with another writer; retry', { code: 'StoreBusy', cause: error });
  }
  return new InternalServerException('the SQLite store failed', { cause: error });
}

/** Runs a statement (prepared once and cached), answering its rows or none. */
function executor(db: Database): (query: SqlQuery) => readonly SqlRow[] {
  const cache = new Map<string, Statement>();
  return (query) => {
    let statement = cache.get(query.sql);
    if (statement === undefined) {
      statement = db.prepare(query.sql);
      cache.set(query.sql, statement);
    }
    if (statement.reader) return statement.all(...query.params) as SqlRow[];
    statement.run(...query.params);
    return [];
  };
}

/**
 * The embedded store: one SQLite file in WAL mode, `synchronous = FULL` (a write is durable when it
 * returns), each write one `BEGIN IMMEDIATE` transaction rolled back on any throw. Other processes may open
 * the same file: SQLite's own locking serialises their writes (waiting up to the busy timeout).
 */
export class SqliteStore implements SyncStore {
  readonly kind = 'sqlite';
  readonly synchronous = true;
  private readonly statements: Statements;

  private constructor(
    private readonly db: Database,
    private readonly execute: (query: SqlQuery) => readonly SqlRow[],
    readonly identity: StoreIdentity,
    private readonly retainRevisions: number,
  ) {
    this.statements = statements(SQLITE);
  }

  /** Opens (creating and migrating if need be) the store in the file at `path`. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) {
      throw new ValidationException('path', 'must be a file path');
    }
    const fields = readOptionFields(options, [...STORE_OPTION_KEYS, 'busyTimeoutMs']);
    const resolved = resolveStoreOptions(fields);
    const timeout = integerOption(fields.busyTimeoutMs, 'options.busyTimeoutMs', 5000, 0, 600_000);
    const Driver = requireDriver('better-sqlite3', () => createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3);
    let db: Database;
    try {
      db = new Driver(path, { timeout });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
    } catch (error) {
      throw new ValidationException('path', `could not be opened as a SQLite database: ${(error as Error).message}`, {
        code: 'StoreOpenFailed',
        cause: error,
      });
    }
    try {
      const execute = executor(db);
      const identity = db.transaction(() => runSync(migrate(SQLITE, resolved), execute)).immediate();
      return new SqliteStore(db, execute, identity, resolved.retainRevisions);
    } catch (error) {
      db.close();
      throw sqliteError(error);
    }
  }

  read<T>(program: StoreProgram<T>): T {
    return this.transaction((db) => db.transaction(() => runSync(program(new SqlTx(this.statements, false, this.retainRevisions)), this.execute)).deferred());
  }

  write<T>(program: StoreProgram<T>): T {
    return this.transaction((db) => db.transaction(() => runSync(program(new SqlTx(this.statements, true, this.retainRevisions)), this.execute)).immediate());
  }

  revision(): number {
    return this.read(() => revisionProgram(this.statements));
  }

  changesSince(revision: number, limit: number): readonly StoredChange[] | undefined {
    checkChangesQuery(revision, limit);
    return this.read(() => changesSinceProgram(this.statements, this.retainRevisions, revision, limit));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private transaction<T>(run: (db: Database) => T): T {
    if (!this.db.open) throw new ServiceUnavailableException('the SQLite store is closed', { code: 'StoreClosed' });
    try {
      return run(this.db);
    } catch (error) {
      throw sqliteError(error);
    }
  }
}

/** Opens the embedded store in `path` (better-sqlite3 is loaded now, never by importing the library). */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  return SqliteStore.open(path, options);
}

