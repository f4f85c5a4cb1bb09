import { ValidationException } from '../errors.js';
import type { Fields } from '../input/compact.js';
import { checkEnum, checkInteger, checkString, patched, quote, type StringRule } from '../input/fields.js';
import { childPath, isForbiddenKey, isPlainObject, readJsonDocument } from '../input/json-document.js';
import type { Concurrency, Draft, Tags } from './model.js';

/**
 * The registry's own field rules: loose enough to hold what either dialect writes, tight enough that every
 * stored string is bounded. Each dialect applies its vendor's stricter rules before calling the registry.
 */

/** Resource IDs, as Bedrock shapes them. */
export const ID_PATTERN = /^[0-9A-Za-z]{10}$/;
/** The union of both vendors' name alphabets; each dialect narrows it. */
export const NAME_RULE: StringRule = { max: 200, pattern: /^[0-9A-Za-z_-]+$/, patternText: '[0-9A-Za-z_-]{1,200}' };
export const DESCRIPTION_RULE: StringRule = { min: 0, max: 256 };
/** IAM or RAM role ARNs and KMS key ARNs; each dialect checks its vendor's pattern. */
export const ARN_RULE: StringRule = { max: 2048 };
/** Numbered versions: Bedrock's `NumericalVersion` shape without leading zeros. */
export const VERSION_NUMBER_PATTERN = /^[1-9][0-9]{0,4}$/;
export const MAX_VERSION_NUMBER = 99_999;

/** Tag rules of the AWS tagging references (key 1 to 128, value 0 to 256, same character set). */
const TAG_PATTERN = /^[a-zA-Z0-9\s._:/=+@-]*$/;
const TAG_KEY_RULE: StringRule = { max: 128, pattern: TAG_PATTERN, patternText: '[a-zA-Z0-9\\s._:/=+@-]*' };
const TAG_VALUE_RULE: StringRule = { min: 0, max: 256, pattern: TAG_PATTERN, patternText: '[a-zA-Z0-9\\s._:/=+@-]*' };
/** AWS's usual limit of tags per resource (our choice: the Bedrock references give none). */
export const MAX_TAGS = 50;

const EMPTY_TAGS: Tags = Object.freeze({});

/** A frozen copy of a tag map. */
export function readTags(value: unknown, field: string): Tags {
  if (value === undefined) return EMPTY_TAGS;
  if (!isPlainObject(value)) throw new ValidationException(field, 'must be an object of string keys to string values');
  const keys = Object.keys(value);
  if (keys.length > MAX_TAGS) throw new ValidationException(field, `must have at most ${MAX_TAGS} tags`);
  const out: Record<string, string> = {};
  for (const key of keys) {
    if (isForbiddenKey(key)) throw new ValidationException(field, `key ${JSON.stringify(key)} is not allowed`);
    if (key.length < 1 || key.length > TAG_KEY_RULE.max || !TAG_PATTERN.test(key)) {
      throw new ValidationException(field, `key ${quote(key)} must be 1 to 128 characters of ${TAG_KEY_RULE.patternText}`);
    }
    out[key] = checkString(value[key], `${field}.${key}`, TAG_VALUE_RULE);
  }
  return Object.freeze(out);
}

export const CONCURRENCY_TYPES = ['Automatic', 'Manual'] as const;
const CONCURRENCY_KEYS: ReadonlySet<string> = new Set(['type', 'maxConcurrency']);

/** Bedrock's `FlowAliasConcurrencyConfiguration`: `type` required, `maxConcurrency` 1 to 100. */
export function readConcurrency(value: unknown, field: string): Concurrency {
  if (!isPlainObject(value)) throw new ValidationException(field, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!CONCURRENCY_KEYS.has(key)) throw new ValidationException(`${field}.${key}`, 'is not a known field');
  }
  const type = checkEnum(value.type, `${field}.type`, CONCURRENCY_TYPES);
  const max = value.maxConcurrency;
  return Object.freeze(
    max === undefined ? { type } : { type, maxConcurrency: checkInteger(max, `${field}.maxConcurrency`, 1, 100) },
  );
}

/** A timestamp as the registry stores it: `Date.prototype.toISOString` output. */
export function checkTimestamp(value: unknown, field: string): string {
  const text = checkString(value, field, { max: 32 });
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || new Date(ms).toISOString() !== text) {
    throw new ValidationException(field, 'must be an ISO-8601 UTC timestamp as Date.prototype.toISOString writes it');
  }
  return text;
}

/** The fields of a `Draft`. */
export const DRAFT_KEYS = ['description', 'definition', 'executionRoleArn', 'customerEncryptionKeyArn'] as const;

/** A draft's fields, under create rules (no `old`) or patch rules (`old`): see `patched`. */
export function readDraft(f: Record<string, unknown>, path: string, old?: Draft): Fields<Draft> {
  const at = (key: string): string => childPath(path, key);
  const field = <K extends keyof Draft>(key: K, read: (value: unknown, field: string) => Draft[K]) =>
    patched(f[key], at(key), old === undefined ? undefined : { value: old[key] }, (value) => read(value, at(key)));
  return {
    description: field('description', (value, name) => checkString(value, name, DESCRIPTION_RULE)),
    definition: field('definition', (value, name) => readJsonDocument(value, name)),
    executionRoleArn: field('executionRoleArn', (value, name) => checkString(value, name, ARN_RULE)),
    customerEncryptionKeyArn: field('customerEncryptionKeyArn', (value, name) => checkString(value, name, ARN_RULE)),
  };
}
