import { createHash } from 'node:crypto';
import { ValidationException } from '../../errors.js';
import type { SqlQuery } from '../store.js';

/**
 * What differs between the two SQL engines, and nothing else: the SQL itself is written once. Placeholder
 * numbering (`$n`) and bigint parsing are the PostgreSQL engine's and the row readers' business.
 */
export interface SqlDialect {
  readonly engine: 'sqlite' | 'postgres';
  /** A table's name as SQL spells it: schema-qualified and quoted on PostgreSQL. */
  table(name: string): string;
  /** A text key column compared and ordered by code point, as JavaScript does for our IDs. */
  readonly keyText: string;
  /** Runs first in the migration transaction: PostgreSQL's advisory lock and schema. */
  readonly prelude: readonly SqlQuery[];
  /** PostgreSQL: the LISTEN/NOTIFY channel a write's transaction notifies (delivered on commit only). */
  readonly notifyChannel: string | undefined;
}

export const SQLITE: SqlDialect = {
  engine: 'sqlite',
  table: (name) => name,
  keyText: 'TEXT COLLATE BINARY',
  prelude: [],
  notifyChannel: undefined,
};

/** Lower-case so that the quoted and unquoted spellings name the same schema. */
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The channel a schema's writes notify: `far_changes_<schema>`, or a digest of the schema where that would
 * pass PostgreSQL's 63-byte identifier limit. Only `[a-z0-9_]`, so it is safe inline in SQL.
 */
export function notifyChannelOf(schema: string): string {
  const channel = `far_changes_${schema}`;
  return channel.length <= 63 ? channel : `far_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 48)}`;
}

export function postgresDialect(schema: string): SqlDialect {
  if (!SCHEMA_PATTERN.test(schema)) throw new ValidationException('options.schema', `must match ${String(SCHEMA_PATTERN)}`);
  const quoted = `"${schema}"`;
  return {
    engine: 'postgres',
    table: (name) => `${quoted}."${name}"`,
    keyText: 'TEXT COLLATE "C"',
    prelude: [
      // Two replicas starting at once: the second waits here until the first has committed its migrations.
      { sql: 'SELECT pg_advisory_xact_lock(hashtext(?))', params: [`flow-alias-router:${schema}`] },
      { sql: `CREATE SCHEMA IF NOT EXISTS ${quoted}`, params: [] },
    ],
    notifyChannel: notifyChannelOf(schema),
  };
}
