import { ValidationException } from '../errors.js';
import { readInput } from './read-input.js';

/** A JSON value as the registry stores it: plain, finite, deeply frozen. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Bounds on a caller-supplied JSON document (a flow definition). */
export interface JsonLimits {
  /** Deepest nesting of arrays and objects. */
  readonly maxDepth: number;
  /** Most values (scalars, arrays and objects) in the whole document. */
  readonly maxValues: number;
  /** Most characters in all strings and keys together. */
  readonly maxChars: number;
}

/** Defaults for flow definitions (our choice; the references give no size): see docs/dialects.md. */
export const DEFINITION_LIMITS: JsonLimits = { maxDepth: 32, maxValues: 10_000, maxChars: 262_144 };

/** Keys refused in every open-ended map we copy, so no input can reach an object's prototype. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * `path.key`, `path[3]` or `path["odd key"]` (just `key` at the top level, where `path` is empty), with a
 * long key shortened so a field path stays readable.
 */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (IDENTIFIER.test(key) && key.length <= 64) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key.length > 64 ? `${key.slice(0, 64)}...` : key)}]`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

class DocumentCopier {
  private values = 0;
  private chars = 0;

  constructor(private readonly limits: JsonLimits) {}

  copy(value: unknown, path: string, depth: number): JsonValue {
    if (++this.values > this.limits.maxValues) {
      throw new ValidationException(path, `the document has more than ${this.limits.maxValues} values`);
    }
    switch (typeof value) {
      case 'string':
        this.count(value.length, path);
        return value;
      case 'number':
        if (!Number.isFinite(value)) throw new ValidationException(path, 'must be a finite number');
        return value;
      case 'boolean':
        return value;
      case 'object':
        if (value === null) return null;
        if (depth >= this.limits.maxDepth) {
          throw new ValidationException(path, `nests deeper than ${this.limits.maxDepth} levels`);
        }
        return Array.isArray(value) ? this.copyArray(value, path, depth) : this.copyObject(value, path, depth);
      default:
        throw new ValidationException(path, 'must be a JSON value (string, number, boolean, null, array or object)');
    }
  }

  private count(length: number, path: string): void {
    this.chars += length;
    if (this.chars > this.limits.maxChars) {
      throw new ValidationException(path, `the document has more than ${this.limits.maxChars} characters of strings and keys`);
    }
  }

  private copyArray(value: readonly unknown[], path: string, depth: number): JsonValue {
    const length = value.length;
    if (length > this.limits.maxValues - this.values) {
      throw new ValidationException(path, `the document has more than ${this.limits.maxValues} values`);
    }
    const out: JsonValue[] = [];
    for (let i = 0; i < length; i++) out.push(this.copy(value[i], childPath(path, i), depth + 1));
    return Object.freeze(out);
  }

  private copyObject(value: object, path: string, depth: number): JsonValue {
    if (!isPlainObject(value)) throw new ValidationException(path, 'must be a plain JSON object');
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value)) {
      if (isForbiddenKey(key)) throw new ValidationException(childPath(path, key), 'is not an allowed key');
      this.count(key.length, path);
      out[key] = this.copy(value[key], childPath(path, key), depth + 1);
    }
    return Object.freeze(out);
  }
}

/**
 * Deep-copies a caller's JSON document into a frozen one, within `limits`. Throws `ValidationException`
 * naming the path at fault (`definition.nodes[3].name`); anything thrown while reading the input (a
 * throwing getter, a revoked proxy) is reported as a `ValidationException` on `field`, never leaked.
 */
export function readJsonDocument(value: unknown, field: string, limits: JsonLimits = DEFINITION_LIMITS): JsonValue {
  return readInput(field, () => new DocumentCopier(limits).copy(value, field, 0));
}

/** JSON of validated data with object keys sorted at every level: equal requests give equal strings. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/** A mutable deep copy of a stored (frozen) document, for a dialect response. */
export function thawJson(value: JsonValue): JsonValue {
  return structuredClone(value) as JsonValue;
}
