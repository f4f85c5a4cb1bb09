import { ValidationException } from '../errors.js';
import { ACCOUNT_PATTERN, REGION_PATTERN } from '../registry/options.js';
import type { StoreIdentity } from './store.js';

/** What every store is opened with. */
export interface StoreOptions {
  /** The AWS region of the store's ARNs: fixed when the store is created. Default `us-east-1` on creation. */
  readonly region?: string;
  /** The 12-digit account of the store's ARNs: fixed when the store is created. Default `123456789012`. */
  readonly account?: string;
  /**
   * How many revisions of alias changes `changesSince` can still answer from (older changes are purged as
   * writes record new ones). Default 10,000; 1 to 10,000,000.
   */
  readonly retainRevisions?: number;
}

export interface ResolvedStoreOptions {
  /** As given: compared with a stored identity, which wins when they are not given. */
  readonly region: string | undefined;
  readonly account: string | undefined;
  readonly retainRevisions: number;
}

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';
export const DEFAULT_RETAIN_REVISIONS = 10_000;

/** Reads the options object every store takes, and the keys of one store's own options. */
export function readOptionFields(options: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationException('options', 'must be an object');
  }
  const fields = options as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!keys.includes(key) && fields[key] !== undefined) throw new ValidationException(`options.${key}`, 'is not a known option');
  }
  return fields;
}

function pattern(value: unknown, field: string, rule: RegExp): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !rule.test(value)) throw new ValidationException(field, `must match ${String(rule)}`);
  return value;
}

/** An integer option within bounds, or its default. */
export function integerOption(value: unknown, field: string, fallback: number, min: number, max: number): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !Number.isInteger(resolved) || resolved < min || resolved > max) {
    throw new ValidationException(field, `must be an integer from ${min} to ${max}`);
  }
  return resolved;
}

export const STORE_OPTION_KEYS: readonly string[] = ['region', 'account', 'retainRevisions'];

export function resolveStoreOptions(fields: Record<string, unknown>): ResolvedStoreOptions {
  return {
    region: pattern(fields.region, 'options.region', REGION_PATTERN),
    account: pattern(fields.account, 'options.account', ACCOUNT_PATTERN),
    retainRevisions: integerOption(fields.retainRevisions, 'options.retainRevisions', DEFAULT_RETAIN_REVISIONS, 1, 10_000_000),
  };
}

/** A store's data belongs to one region and account: opening it as another is refused. */
export function checkIdentity(stored: StoreIdentity, options: ResolvedStoreOptions): StoreIdentity {
  for (const field of ['region', 'account'] as const) {
    const given = options[field];
    if (given !== undefined && given !== stored[field]) {
      throw new ValidationException(`options.${field}`, `differs from the store's ${JSON.stringify(stored[field])}`, {
        code: 'StoreIdentityMismatch',
      });
    }
  }
  return stored;
}
