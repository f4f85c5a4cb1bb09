import { randomUUID } from 'node:crypto';
import { ValidationException } from '../../errors.js';
import { DEFAULT_ACCOUNT, DEFAULT_REGION, checkIdentity, type ResolvedStoreOptions } from '../options.js';
import type { SqlQuery, Step, StoreIdentity } from '../store.js';
import type { SqlDialect } from './dialect.js';
import { asInt, asText, firstRow } from './rows.js';

/**
 * The schema, as numbered migrations. A migration is never edited once released: a change is a new one.
 * Records are kept as JSON text beside the columns that queries need; `meta` holds one row with the store
 * revision (its row lock is the store-wide write lock on PostgreSQL), the identity and the usage counters.
 */
const MIGRATIONS: readonly { readonly version: number; readonly statements: (d: SqlDialect) => readonly string[] }[] = [
  {
    version: 1,
    statements: (d) => [
      `CREATE TABLE ${d.table('meta')} (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        revision BIGINT NOT NULL,
        epoch TEXT NOT NULL,
        region TEXT NOT NULL,
        account TEXT NOT NULL,
        flow_count BIGINT NOT NULL,
        version_count BIGINT NOT NULL,
        alias_count BIGINT NOT NULL,
        token_count BIGINT NOT NULL,
        definition_chars BIGINT NOT NULL
      )`,
      `CREATE TABLE ${d.table('flows')} (
        id ${d.keyText} PRIMARY KEY,
        name ${d.keyText} NOT NULL UNIQUE,
        next_version INTEGER NOT NULL,
        record TEXT NOT NULL,
        definition_chars BIGINT NOT NULL
      )`,
      `CREATE TABLE ${d.table('versions')} (
        flow_id ${d.keyText} NOT NULL REFERENCES ${d.table('flows')} (id),
        version INTEGER NOT NULL,
        record TEXT NOT NULL,
        definition_chars BIGINT NOT NULL,
        PRIMARY KEY (flow_id, version)
      )`,
      `CREATE TABLE ${d.table('aliases')} (
        flow_id ${d.keyText} NOT NULL REFERENCES ${d.table('flows')} (id),
        id ${d.keyText} NOT NULL,
        name ${d.keyText} NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (flow_id, id),
        UNIQUE (flow_id, name)
      )`,
      `CREATE TABLE ${d.table('client_tokens')} (
        key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        seq BIGINT NOT NULL
      )`,
      `CREATE INDEX client_tokens_seq ON ${d.table('client_tokens')} (seq)`,
      `CREATE INDEX client_tokens_created_at ON ${d.table('client_tokens')} (created_at)`,
      `CREATE TABLE ${d.table('changes')} (
        revision BIGINT NOT NULL,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        identity TEXT NOT NULL,
        flow_id TEXT NOT NULL,
        alias_id TEXT NOT NULL,
        PRIMARY KEY (revision, seq)
      )`,
    ],
  },
  {
    // Request-signature nonces (CloudFlow RPC), held for as long as their request could be replayed, so a
    // replay is refused after a restart and by every replica on the store (issue 14, item 9).
    version: 2,
    statements: (d) => [
      `CREATE TABLE ${d.table('nonces')} (
        access_key_id ${d.keyText} NOT NULL,
        nonce ${d.keyText} NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (access_key_id, nonce)
      )`,
      `CREATE INDEX nonces_expiry ON ${d.table('nonces')} (access_key_id, expires_at)`,
    ],
  },
  {
    version: 3,
    statements: (d) => [
      // Rollout health: each process's outcome counts per window, summed at read (docs/rollouts.md).
      `CREATE TABLE ${d.table('rollout_outcomes')} (
        rollout_id TEXT NOT NULL,
        window_no BIGINT NOT NULL,
        process_id TEXT NOT NULL,
        target_ok BIGINT NOT NULL,
        target_errors BIGINT NOT NULL,
        baseline_ok BIGINT NOT NULL,
        baseline_errors BIGINT NOT NULL,
        PRIMARY KEY (rollout_id, window_no, process_id)
      )`,
    ],
  },
];

/** The newest schema version this library knows (not the count: a version may land on another branch first). */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

function query(sql: string, ...params: (string | number)[]): SqlQuery {
  return { sql, params };
}

/**
 * Brings a database to the newest schema and reads its identity, in one transaction (run under the
 * engine's write lock). Idempotent: a migrated database only has its identity checked. A database
 * migrated by a newer library is refused rather than misread.
 */
export function* migrate(d: SqlDialect, options: ResolvedStoreOptions): Step<StoreIdentity> {
  for (const step of d.prelude) yield step;
  const migrations = d.table('schema_migrations');
  yield query(`CREATE TABLE IF NOT EXISTS ${migrations} (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
  const applied = new Set((yield query(`SELECT version FROM ${migrations}`)).map((row) => asInt(row.version)));
  const newest = Math.max(0, ...applied);
  if (newest > SCHEMA_VERSION) {
    throw new ValidationException('store', `has schema version ${newest}; this library knows up to ${SCHEMA_VERSION}`, {
      code: 'StoreSchemaTooNew',
    });
  }
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    for (const sql of migration.statements(d)) yield query(sql);
    yield query(`INSERT INTO ${migrations} (version, applied_at) VALUES (?, ?)`, migration.version, new Date().toISOString());
  }
  yield query(
    `INSERT INTO ${d.table('meta')} (id, revision, epoch, region, account, flow_count, version_count, alias_count, token_count, definition_chars)
     VALUES (1, 0, ?, ?, ?, 0, 0, 0, 0, 0) ON CONFLICT (id) DO NOTHING`,
    randomUUID(),
    options.region ?? DEFAULT_REGION,
    options.account ?? DEFAULT_ACCOUNT,
  );
  const row = firstRow(yield query(`SELECT epoch, region, account FROM ${d.table('meta')} WHERE id = 1`));
  const stored = Object.freeze({ region: asText(row.region), account: asText(row.account), epoch: asText(row.epoch) });
  return checkIdentity(stored, options);
}
