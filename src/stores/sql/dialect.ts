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
}

export const SQLITE: SqlDialect = {
  engine: 'sqlite',
  table: (name) => name,
  keyText: 'TEXT COLLATE BINARY',
  prelude: [],
};

/** Lower-case so that the quoted and unquoted spellings name the same schema. */
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

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
  };
}
