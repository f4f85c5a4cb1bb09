import { ValidationException } from '../errors.js';
import { childPath, isPlainObject } from './json-document.js';

/**
 * The field readers every part that takes a caller's input uses (the registry, both dialects, the server):
 * each checks one field and throws `ValidationException` naming it. The rules they apply (lengths,
 * patterns, ranges) belong to the caller.
 */

/** The `code` of a `ValidationException` for a required field that is absent. */
export const MISSING_PARAMETER = 'MissingParameter';

export interface StringRule {
  /** Default 1. */
  readonly min?: number;
  readonly max: number;
  readonly pattern?: RegExp;
  /** How the error names the pattern; defaults to its source. */
  readonly patternText?: string;
}

/**
 * The own enumerable fields of a request object, copied, refusing any field not in `allowed` (so also
 * `__proto__` and `constructor`). `path` is the object's field path; empty for a whole request.
 */
export function readFields(value: unknown, path: string, allowed: ReadonlySet<string>): Record<string, unknown> {
  if (!isPlainObject(value)) throw new ValidationException(path === '' ? 'request' : path, 'must be an object');
  const fields = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw new ValidationException(childPath(path, key), 'is not a known field');
    fields[key] = value[key];
  }
  return fields;
}

export function missing(field: string): ValidationException {
  return new ValidationException(field, 'is required', { code: MISSING_PARAMETER });
}

/** A required string: its length is checked before any pattern, so no regex ever runs on a long input. */
export function checkString(value: unknown, field: string, rule: StringRule): string {
  if (value === undefined) throw missing(field);
  if (typeof value !== 'string') throw new ValidationException(field, 'must be a string');
  const min = rule.min ?? 1;
  if (value.length < min || value.length > rule.max) {
    throw new ValidationException(field, min === rule.max ? `length must be ${min}` : `length must be ${min} to ${rule.max}`);
  }
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    throw new ValidationException(field, `must match ${rule.patternText ?? rule.pattern.source}`);
  }
  return value;
}

export function optionalString(value: unknown, field: string, rule: StringRule): string | undefined {
  return value === undefined ? undefined : checkString(value, field, rule);
}

export function checkInteger(value: unknown, field: string, min: number, max: number): number {
  if (value === undefined) throw missing(field);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new ValidationException(field, 'must be an integer');
  if (value < min || value > max) throw new ValidationException(field, `must be ${min} to ${max}`);
  return value;
}

export function checkEnum<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (value === undefined) throw missing(field);
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationException(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * The new value of an optional field. Without `old` (a create) `null` is refused; with it (a patch) an
 * absent field keeps `old` and `null` clears the field.
 */
export function patched<T>(value: unknown, field: string, old: { readonly value: T | undefined } | undefined, read: (value: unknown) => T): T | undefined {
  if (value === undefined) return old?.value;
  if (value === null) {
    if (old === undefined) throw new ValidationException(field, 'must not be null (leave the field out)');
    return undefined;
  }
  return read(value);
}

/** Keeps a `JSON.stringify`-quoted input short in an error message. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 128 ? `${value.slice(0, 128)}...` : value);
}
