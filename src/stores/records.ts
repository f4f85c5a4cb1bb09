import type { Draft } from '../registry/model.js';

/** What a flow or version adds to `StoreUsage.definitionBytes`: UTF-16 code units of its definition as JSON. */
export function definitionChars(record: Draft): number {
  return record.definition === undefined ? 0 : JSON.stringify(record.definition).length;
}

/** Freezes a parsed JSON value and everything in it, so a record read back is as immutable as one written. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
