import { ValidationException } from '../errors.js';
import { readInput } from '../input/read-input.js';
import { MAX_ENTRIES, MAX_VERSION_LENGTH, MAX_WEIGHT } from './limits.js';

export interface RoutingEntry {
  readonly version: string;
  readonly weight: number;
}

/** How validation errors name the fields, so each dialect reports its own field path. */
export interface FieldLabels {
  readonly list: string;
  readonly version: string;
  readonly weight: string;
}

export const DEFAULT_LABELS: FieldLabels = { list: 'entries', version: 'version', weight: 'weight' };

/** Versions with weight > 0 in canonical (code-unit) order, their weights, and the total. */
export interface NormalizedRouting {
  readonly versions: readonly string[];
  readonly weights: readonly number[];
  readonly total: number;
  /** Every configured version, including weight-0 ones, in the caller's order. */
  readonly configured: readonly RoutingEntry[];
}

function readEntry(raw: unknown, at: string, labels: FieldLabels): RoutingEntry {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ValidationException(at, 'must be an object with a version and a weight');
  }
  const record = raw as Record<string, unknown>;
  const version = record[labels.version];
  const weight = record[labels.weight];
  if (typeof version !== 'string') {
    throw new ValidationException(`${at}.${labels.version}`, 'must be a string');
  }
  if (version.length === 0 || version.length > MAX_VERSION_LENGTH) {
    throw new ValidationException(`${at}.${labels.version}`, `length must be 1 to ${MAX_VERSION_LENGTH}`);
  }
  if (typeof weight !== 'number' || !Number.isInteger(weight)) {
    throw new ValidationException(`${at}.${labels.weight}`, 'must be an integer');
  }
  if (weight < 0 || weight > MAX_WEIGHT) {
    throw new ValidationException(`${at}.${labels.weight}`, `must be 0 to ${MAX_WEIGHT}`);
  }
  return { version, weight };
}

function normalize(input: unknown, labels: FieldLabels): NormalizedRouting {
  if (!Array.isArray(input)) {
    throw new ValidationException(labels.list, 'must be an array');
  }
  const length = input.length;
  if (length === 0 || length > MAX_ENTRIES) {
    throw new ValidationException(labels.list, `must have 1 to ${MAX_ENTRIES} entries`);
  }
  const configured: RoutingEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < length; i++) {
    const at = `${labels.list}[${i}]`;
    const entry = readEntry(input[i], at, labels);
    if (seen.has(entry.version)) {
      throw new ValidationException(`${at}.${labels.version}`, `duplicate version ${JSON.stringify(entry.version)}`);
    }
    seen.add(entry.version);
    configured.push(entry);
  }
  const positive = configured.filter((entry) => entry.weight > 0);
  if (positive.length === 0) {
    throw new ValidationException(labels.list, 'total weight must be greater than 0');
  }
  positive.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  let total = 0;
  for (const entry of positive) total += entry.weight;
  return {
    versions: positive.map((entry) => entry.version),
    weights: positive.map((entry) => entry.weight),
    total,
    configured,
  };
}

/**
 * Validates a routing configuration and puts it in canonical form. Throws `ValidationException` naming the
 * field at fault; anything else thrown while reading the input (a throwing getter, a revoked proxy) is
 * reported as a `ValidationException` on the list too, never leaked.
 */
export function normalizeRouting(input: unknown, labels: FieldLabels = DEFAULT_LABELS): NormalizedRouting {
  return readInput(labels.list, () => normalize(input, labels));
}
