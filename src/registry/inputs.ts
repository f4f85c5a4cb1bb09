import { ValidationException } from '../errors.js';
import type { FieldLabels, RoutingEntry } from '../routing/validate.js';
import type { Concurrency, Tags } from './model.js';
import { checkString, readFields } from '../input/fields.js';

/** A flow or an alias: by ID, ARN or name as one string (tried in that order), or explicitly. */
export type ResourceRef = string | { readonly id: string } | { readonly name: string };

export interface CreateFlowInput {
  readonly name: string;
  readonly description?: string;
  /** Any JSON document within `DEFINITION_LIMITS`: a Bedrock FlowDefinition, a CloudFlow FDL string. */
  readonly definition?: unknown;
  readonly executionRoleArn?: string;
  readonly customerEncryptionKeyArn?: string;
  readonly tags?: Tags;
}

/** The fields to change: an absent field keeps its value, `null` clears an optional one. */
export interface FlowPatch {
  readonly name?: string;
  readonly description?: string | null;
  readonly definition?: unknown;
  readonly executionRoleArn?: string | null;
  readonly customerEncryptionKeyArn?: string | null;
}

export interface CreateVersionInput {
  readonly description?: string;
  /** Refuse (ConflictException) unless the draft is `Prepared`, as Bedrock's CreateFlowVersion does. */
  readonly requirePrepared?: boolean;
}

export interface CreateAliasInput {
  readonly name: string;
  readonly description?: string;
  readonly routing: readonly RoutingEntry[];
  readonly concurrency?: Concurrency;
  readonly tags?: Tags;
}

/** The fields to change: an absent field keeps its value, `null` clears an optional one. */
export interface AliasPatch {
  readonly name?: string;
  readonly description?: string | null;
  readonly routing?: readonly RoutingEntry[];
  readonly concurrency?: Concurrency | null;
}

export interface WriteOptions {
  /**
   * How errors about the routing's versions (one that does not exist, too many entries) name the fields,
   * e.g. CloudFlow's `RoutingConfigurations` / `Version` / `Weight`. Default `routing` / `version` / `weight`.
   */
  readonly labels?: FieldLabels;
  /**
   * Makes a create idempotent: a later create with the same `key` and `fingerprint` returns the first
   * result without changing anything; the same `key` with another fingerprint is a `ConflictException`.
   * The registry keeps a SHA-256 of the fingerprint, never the fingerprint itself.
   */
  readonly clientToken?: { readonly key: string; readonly fingerprint: string };
}

export interface DeleteFlowOptions {
  /** Delete the flow's aliases with it instead of refusing. */
  readonly force?: boolean;
}

export interface ListAliasesOptions {
  readonly includeTestAlias?: boolean;
}

/** `routing` entries are `{ version, weight }`; the routing core's rules check them under these names. */
export const NATIVE_LABELS: FieldLabels = { list: 'routing', version: 'version', weight: 'weight' };

export interface ResolvedWriteOptions {
  readonly labels: FieldLabels;
  readonly clientToken?: { readonly key: string; readonly fingerprint: string };
}

const WRITE_OPTION_KEYS: ReadonlySet<string> = new Set(['labels', 'clientToken']);
const LABEL_KEYS: ReadonlySet<string> = new Set(['list', 'version', 'weight']);
const TOKEN_KEYS: ReadonlySet<string> = new Set(['key', 'fingerprint']);
const REF_KEYS: ReadonlySet<string> = new Set(['id', 'name']);
const REF_MAX_LENGTH = 2048;
/** The most a fingerprint may be before it is hashed (the largest request a dialect canonicalises). */
export const MAX_FINGERPRINT_LENGTH = 4_194_304;

export function readWriteOptions(options: unknown): ResolvedWriteOptions {
  const fields = readFields(options ?? {}, 'options', WRITE_OPTION_KEYS);
  let labels = NATIVE_LABELS;
  if (fields.labels !== undefined) {
    const raw = readFields(fields.labels, 'options.labels', LABEL_KEYS);
    const rule = { max: 64 };
    labels = {
      list: checkString(raw.list, 'options.labels.list', rule),
      version: checkString(raw.version, 'options.labels.version', rule),
      weight: checkString(raw.weight, 'options.labels.weight', rule),
    };
  }
  if (fields.clientToken === undefined) return { labels };
  const token = readFields(fields.clientToken, 'options.clientToken', TOKEN_KEYS);
  return {
    labels,
    clientToken: {
      key: checkString(token.key, 'options.clientToken.key', { max: 512 }),
      fingerprint: checkString(token.fingerprint, 'options.clientToken.fingerprint', { max: MAX_FINGERPRINT_LENGTH }),
    },
  };
}

/** A reference as the programs resolve it: a string may be an ID, an ARN or a name (so both are set). */
export interface Ref {
  readonly id?: string;
  readonly name?: string;
  /** How an error names it. */
  readonly text: string;
}

export function readRef(ref: unknown, field: string): Ref {
  const rule = { max: REF_MAX_LENGTH };
  if (typeof ref === 'string') {
    checkString(ref, field, rule);
    return { id: ref, name: ref, text: ref };
  }
  const fields = readFields(ref, field, REF_KEYS);
  if (fields.id !== undefined && fields.name === undefined) {
    const id = checkString(fields.id, `${field}.id`, rule);
    return { id, text: id };
  }
  if (fields.name !== undefined && fields.id === undefined) {
    const name = checkString(fields.name, `${field}.name`, rule);
    return { name, text: name };
  }
  throw new ValidationException(field, 'must be an ID, ARN or name, or an object with exactly one of id and name');
}
