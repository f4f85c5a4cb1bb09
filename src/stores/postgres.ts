import type * as Pg from 'pg';
import { ServiceUnavailableException, ValidationException } from '../errors.js';
import { checkChangesQuery } from './changes.js';
import { importDriver } from './driver.js';
import { STORE_OPTION_KEYS, integerOption, readOptionFields, resolveStoreOptions, type StoreOptions } from './options.js';
import { postgresError } from './postgres-errors.js';
import { PostgresListener } from './postgres-listener.js';
import { notifyChannelOf, postgresDialect } from './sql/dialect.js';
import { changesSinceProgram, revisionProgram } from './sql/programs.js';
import { migrate } from './sql/schema.js';
import { statements, type Statements } from './sql/statements.js';
import { SqlTx } from './sql/tx.js';
import { runAsync, type AsyncStore, type SqlQuery, type SqlRow, type Step, type StoreIdentity, type StoreProgram, type StoredChange } from './store.js';

export interface PostgresStoreOptions extends StoreOptions {
  /** The schema that holds the store's tables, created if need be: `[a-z_][a-z0-9_]*`. Default `flow_alias_router`. */
  readonly schema?: string;
  /** Connections in the pool. Default 10; 1 to 1,000. */
  readonly poolSize?: number;
  /** How long getting a connection may take before the call answers 503. Default 2,000 ms. */
  readonly connectTimeoutMs?: number;
  /** How long one statement may run (server side; the client gives up 1 s later). Default 5,000 ms. */
  readonly statementTimeoutMs?: number;
  /** How the store's connections name themselves in `pg_stat_activity`. Default `flow-alias-router`. */
  readonly applicationName?: string;
}

const OPTION_KEYS = [...STORE_OPTION_KEYS, 'schema', 'poolSize', 'connectTimeoutMs', 'statementTimeoutMs', 'applicationName'];
const WRITE_BEGIN = 'BEGIN';
/** A read sees one snapshot from its first statement to its last. */
const READ_BEGIN = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** `?` placeholders numbered `$1`, `$2`...: our SQL has no `?` anywhere else. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

interface PgModule {
  readonly Pool: typeof Pg.Pool;
  readonly Client: typeof Pg.Client;
}

/**
 * The fleet store: PostgreSQL through a pool. A write is one READ COMMITTED transaction on one connection
 * whose first statement (`nextRevision`) takes the row lock of `meta`, held to commit: writes from every
 * replica run one at a time and revisions increase in commit order. A read is a REPEATABLE READ READ ONLY
 * transaction. Connection failures answer `ServiceUnavailableException` (503, retryable); a broken
 * connection is dropped from the pool, which reconnects by itself when the database is back.
 */
export class PostgresStore implements AsyncStore {
  readonly kind = 'postgres';
  readonly synchronous = false;
  private readonly statements: Statements;
  private readonly sql = new Map<string, string>();
  private closed = false;
  private readonly listener: PostgresListener;

  private constructor(
    private readonly pool: Pg.Pool,
    readonly identity: StoreIdentity,
    private readonly retainRevisions: number,
    readonly schema: string,
    makeClient: () => Pg.Client,
  ) {
    this.statements = statements(postgresDialect(schema));
    this.listener = new PostgresListener(makeClient, notifyChannelOf(schema));
  }

  /** Connects, creates the schema if need be and migrates it (under an advisory lock: replicas may start together). */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) {
      throw new ValidationException('url', 'must be a postgres:// or postgresql:// URL');
    }
    const fields = readOptionFields(options, OPTION_KEYS);
    const resolved = resolveStoreOptions(fields);
    const schema = fields.schema ?? 'flow_alias_router';
    if (typeof schema !== 'string') throw new ValidationException('options.schema', 'must be a string');
    const dialect = postgresDialect(schema);
    const statementTimeout = integerOption(fields.statementTimeoutMs, 'options.statementTimeoutMs', 5000, 100, 600_000);
    const applicationName = fields.applicationName ?? 'flow-alias-router';
    if (typeof applicationName !== 'string' || !/^[\x20-\x7e]{1,63}$/.test(applicationName)) {
      throw new ValidationException('options.applicationName', 'must be 1 to 63 printable ASCII characters');
    }
    const config: Pg.PoolConfig = {
      connectionString: url,
      max: integerOption(fields.poolSize, 'options.poolSize', 10, 1, 1000),
      connectionTimeoutMillis: integerOption(fields.connectTimeoutMs, 'options.connectTimeoutMs', 2000, 100, 60_000),
      statement_timeout: statementTimeout,
      query_timeout: statementTimeout + 1000,
      idle_in_transaction_session_timeout: statementTimeout + 5000,
      application_name: applicationName,
      keepAlive: true,
    };
    const pg = await importDriver('pg', async () => {
      const module = (await import('pg')) as unknown as PgModule & { readonly default?: PgModule };
      return module.default ?? module;
    });
    const pool = new pg.Pool(config);
    // An idle connection that breaks (the server restarted, an admin killed it) is dropped by the pool;
    // without a listener its error would crash the process.
    pool.on('error', () => undefined);
    // A connection checked out for a transaction that breaks between two statements emits its error on
    // the client, where the pool does not listen: the next statement fails (a typed 503) instead.
    pool.on('connect', (client) => client.on('error', () => undefined));
    try {
      const identity = await transaction(pool, WRITE_BEGIN, () => migrate(dialect, resolved));
      // The listening connection: outside the pool, without statement timeouts (it idles by design).
      const listenConfig: Pg.ClientConfig = {
        connectionString: url,
        connectionTimeoutMillis: config.connectionTimeoutMillis,
        application_name: applicationName,
        keepAlive: true,
      };
      return new PostgresStore(pool, identity, resolved.retainRevisions, schema, () => new pg.Client(listenConfig));
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  read<T>(program: StoreProgram<T>): Promise<T> {
    return this.run(READ_BEGIN, () => program(new SqlTx(this.statements, false, this.retainRevisions)));
  }

  write<T>(program: StoreProgram<T>): Promise<T> {
    return this.run(WRITE_BEGIN, () => program(new SqlTx(this.statements, true, this.retainRevisions)));
  }

  revision(): Promise<number> {
    return this.run(READ_BEGIN, () => revisionProgram(this.statements));
  }

  async changesSince(revision: number, limit: number): Promise<readonly StoredChange[] | undefined> {
    checkChangesQuery(revision, limit);
    return this.run(READ_BEGIN, () => changesSinceProgram(this.statements, this.retainRevisions, revision, limit));
  }

  /** Wakes `wake` on every write any replica commits in this schema (LISTEN/NOTIFY), and on every reconnect. */
  onCommit(wake: () => void): () => void {
    return this.listener.subscribe(wake);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listener.close();
    await this.pool.end();
  }

  private async run<T>(begin: string, start: () => Step<T>): Promise<T> {
    if (this.closed) throw new ServiceUnavailableException('the PostgreSQL store is closed', { code: 'StoreClosed' });
    return transaction(this.pool, begin, start, this.sql);
  }
}

/**
 * Runs a program in one transaction on one pooled connection. Whatever the program throws rolls back and
 * passes through unchanged (as on every store); a driver or server failure destroys the connection (the
 * server then aborts the transaction: nothing partial) and answers a typed exception.
 */
async function transaction<T>(pool: Pg.Pool, begin: string, start: () => Step<T>, cache = new Map<string, string>()): Promise<T> {
  let client: Pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw postgresError(error);
  }
  const execute = async (query: SqlQuery): Promise<readonly SqlRow[]> => {
    let text = cache.get(query.sql);
    if (text === undefined) {
      text = numbered(query.sql);
      cache.set(query.sql, text);
    }
    return (await client.query(text, query.params as unknown[])).rows as SqlRow[];
  };
  let driverFailed = false;
  try {
    await client.query(begin).catch((error: unknown) => {
      driverFailed = true;
      throw error;
    });
    const result = await runAsync(start(), (query) =>
      execute(query).catch((error: unknown) => {
        driverFailed = true;
        throw error;
      }),
    );
    driverFailed = true;
    await client.query('COMMIT');
    driverFailed = false;
    return result;
  } catch (error) {
    if (driverFailed) throw postgresError(error);
    try {
      await client.query('ROLLBACK');
    } catch {
      driverFailed = true;
    }
    throw error;
  } finally {
    client.release(driverFailed);
  }
}

/** Opens the fleet store at `url` (pg is loaded now, never by importing the library). */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  return PostgresStore.open(url, options);
}
