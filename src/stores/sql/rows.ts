import { InternalServerException } from '../../errors.js';
import { deepFreeze } from '../records.js';
import type { SqlRow, StoredChange } from '../store.js';

/** An integer column: a number (SQLite) or a decimal string (PostgreSQL's int8 and numeric), never past 2^53. */
export function asInt(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new InternalServerException(`the store returned ${JSON.stringify(String(value))} where it keeps an integer`);
  }
  return n;
}

export function asText(value: unknown): string {
  if (typeof value !== 'string') throw new InternalServerException('the store returned a non-text value where it keeps text');
  return value;
}

/** A stored record (JSON text), frozen as deeply as the record the registry wrote. */
export function asRecord<T>(value: unknown): T {
  try {
    return deepFreeze(JSON.parse(asText(value)) as T);
  } catch (error) {
    throw new InternalServerException('the store holds a record that is not JSON', { cause: error });
  }
}

export function firstRow(rows: readonly SqlRow[]): SqlRow {
  const row = rows[0];
  if (row === undefined) throw new InternalServerException('the store returned no row where it keeps one');
  return row;
}

const KINDS: ReadonlySet<string> = new Set(['created', 'updated', 'deleted']);

export function asChange(row: SqlRow): StoredChange {
  const kind = asText(row.kind);
  if (!KINDS.has(kind)) throw new InternalServerException(`the store holds a change of unknown kind ${JSON.stringify(kind)}`);
  return Object.freeze({
    revision: asInt(row.revision),
    kind: kind as StoredChange['kind'],
    identity: asText(row.identity),
    flowId: asText(row.flow_id),
    aliasId: asText(row.alias_id),
  });
}

/**
 * Whether an engine keeps `text` exactly: PostgreSQL refuses NUL, and both engines turn a lone surrogate
 * into U+FFFD. Keys that fail this are never stored, so a lookup by one finds nothing without asking.
 */
export function storable(text: string): boolean {
  return !/\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}
