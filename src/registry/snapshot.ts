import { ValidationException } from '../errors.js';
import { compact } from '../input/compact.js';
import { checkEnum, checkInteger, checkString, optionalString, quote, readFields } from '../input/fields.js';
import { childPath } from '../input/json-document.js';
import { readInput } from '../input/read-input.js';
import { readRolloutRecord } from '../rollout/read.js';
import { normalizeRouting, type RoutingEntry } from '../routing/validate.js';
import {
  DRAFT_VERSION,
  TEST_ALIAS_ID,
  type AliasRecord,
  type FlowRecord,
  type FlowStatus,
  type VersionRecord,
} from './model.js';
import { ACCOUNT_PATTERN, REGION_PATTERN } from './options.js';
import { DESCRIPTION_RULE, DRAFT_KEYS, ID_PATTERN, MAX_VERSION_NUMBER, NAME_RULE, VERSION_NUMBER_PATTERN, checkTimestamp, readConcurrency, readDraft, readTags } from './rules.js';
import { newFlowEntry, type ClientTokenEntry, type FirstResult, type FlowEntry } from './state.js';

export const SNAPSHOT_FORMAT = 'flow-alias-router/registry';
export const SNAPSHOT_VERSION = 1;

export interface FlowSnapshot {
  readonly flow: FlowRecord;
  /** The number the flow's next version will get. */
  readonly nextVersion: number;
  readonly versions: readonly VersionRecord[];
  readonly aliases: readonly AliasRecord[];
}

export interface ClientTokenSnapshot {
  readonly key: string;
  readonly fingerprint: string;
  readonly result: FirstResult;
}

/** The whole state of a registry: plain JSON, deeply frozen. */
export interface RegistrySnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly region: string;
  readonly account: string;
  /** In creation order, each with its versions and aliases in creation order. */
  readonly flows: readonly FlowSnapshot[];
  /** Oldest first. */
  readonly clientTokens: readonly ClientTokenSnapshot[];
}

/** Records are immutable, so a snapshot shares them with the registry instead of copying them. */
export function toSnapshot(
  region: string,
  account: string,
  flows: Iterable<FlowEntry>,
  tokens: readonly (readonly [string, ClientTokenEntry])[],
): RegistrySnapshot {
  const flowSnapshots = [...flows].map((entry) =>
    Object.freeze({
      flow: entry.record,
      nextVersion: entry.nextVersion,
      versions: Object.freeze([...entry.versions.values()]),
      aliases: Object.freeze([...entry.aliases.values()]),
    }),
  );
  const tokenSnapshots = tokens.map(([key, entry]) =>
    Object.freeze({ key, fingerprint: entry.fingerprint, result: entry.result }),
  );
  return Object.freeze({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    region,
    account,
    flows: Object.freeze(flowSnapshots),
    clientTokens: Object.freeze(tokenSnapshots),
  });
}

export interface LoadedState {
  readonly region: string;
  readonly account: string;
  readonly flows: readonly FlowEntry[];
  readonly clientTokens: readonly (readonly [string, ClientTokenEntry])[];
}

const SNAPSHOT_KEYS: ReadonlySet<string> = new Set(['format', 'version', 'region', 'account', 'flows', 'clientTokens']);
const FLOW_SNAPSHOT_KEYS: ReadonlySet<string> = new Set(['flow', 'nextVersion', 'versions', 'aliases']);
const TOKEN_KEYS: ReadonlySet<string> = new Set(['key', 'fingerprint', 'result']);
const RESULT_KEYS: ReadonlySet<string> = new Set(['kind', 'record']);
const FLOW_KEYS: ReadonlySet<string> = new Set(['id', 'name', ...DRAFT_KEYS, 'status', 'tags', 'createdAt', 'updatedAt']);
const VERSION_KEYS: ReadonlySet<string> = new Set(['flowId', 'version', 'name', ...DRAFT_KEYS, 'status', 'createdAt']);
const ALIAS_KEYS: ReadonlySet<string> = new Set([
  'flowId',
  'id',
  'name',
  'description',
  'routing',
  'concurrency',
  'tags',
  'createdAt',
  'updatedAt',
  'revision',
  'rollout',
]);
const STATUSES: readonly FlowStatus[] = ['NotPrepared', 'Prepared'];
const RESULT_KINDS = ['flow', 'version', 'alias'] as const;

function readArray(value: unknown, path: string, max: number): readonly unknown[] {
  if (!Array.isArray(value)) throw new ValidationException(path, 'must be an array');
  if (value.length > max) throw new ValidationException(path, `must have at most ${max} items`);
  return value;
}

function readFlowRecord(value: unknown, path: string): FlowRecord {
  const f = readFields(value, path, FLOW_KEYS);
  return Object.freeze(
    compact<FlowRecord>({
      id: checkString(f.id, `${path}.id`, { max: 10, pattern: ID_PATTERN }),
      name: checkString(f.name, `${path}.name`, NAME_RULE),
      ...readDraft(f, path),
      status: checkEnum(f.status, `${path}.status`, STATUSES),
      tags: readTags(f.tags, `${path}.tags`),
      createdAt: checkTimestamp(f.createdAt, `${path}.createdAt`),
      updatedAt: checkTimestamp(f.updatedAt, `${path}.updatedAt`),
    }),
  );
}

function readVersionRecord(value: unknown, path: string): VersionRecord {
  const f = readFields(value, path, VERSION_KEYS);
  return Object.freeze(
    compact<VersionRecord>({
      flowId: checkString(f.flowId, `${path}.flowId`, { max: 10, pattern: ID_PATTERN }),
      version: checkString(f.version, `${path}.version`, { max: 5, pattern: VERSION_NUMBER_PATTERN }),
      name: checkString(f.name, `${path}.name`, NAME_RULE),
      ...readDraft(f, path),
      status: checkEnum(f.status, `${path}.status`, STATUSES),
      createdAt: checkTimestamp(f.createdAt, `${path}.createdAt`),
    }),
  );
}

function readAliasRecord(value: unknown, path: string): AliasRecord {
  const f = readFields(value, path, ALIAS_KEYS);
  const id = checkString(f.id, `${path}.id`, { max: 10, pattern: ID_PATTERN });
  if (id === TEST_ALIAS_ID) throw new ValidationException(`${path}.id`, `${TEST_ALIAS_ID} is built in and is not stored`);
  const labels = { list: `${path}.routing`, version: 'version', weight: 'weight' };
  const routing: readonly RoutingEntry[] = Object.freeze(
    normalizeRouting(f.routing, labels).configured.map((e) => Object.freeze({ version: e.version, weight: e.weight })),
  );
  const name = checkString(f.name, `${path}.name`, NAME_RULE);
  if (name === TEST_ALIAS_ID) throw new ValidationException(`${path}.name`, `${TEST_ALIAS_ID} is reserved`);
  return Object.freeze(
    compact<AliasRecord>({
      flowId: checkString(f.flowId, `${path}.flowId`, { max: 10, pattern: ID_PATTERN }),
      id,
      name,
      description: optionalString(f.description, `${path}.description`, DESCRIPTION_RULE),
      routing,
      concurrency: f.concurrency === undefined ? undefined : readConcurrency(f.concurrency, `${path}.concurrency`),
      tags: readTags(f.tags, `${path}.tags`),
      createdAt: checkTimestamp(f.createdAt, `${path}.createdAt`),
      updatedAt: checkTimestamp(f.updatedAt, `${path}.updatedAt`),
      revision: checkInteger(f.revision, `${path}.revision`, 1, Number.MAX_SAFE_INTEGER),
      rollout: f.rollout === undefined ? undefined : readRolloutRecord(f.rollout, `${path}.rollout`),
    }),
  );
}

function readFlowSnapshot(value: unknown, path: string): FlowEntry {
  const f = readFields(value, path, FLOW_SNAPSHOT_KEYS);
  const record = readFlowRecord(f.flow, `${path}.flow`);
  const entry = newFlowEntry(record, checkInteger(f.nextVersion, `${path}.nextVersion`, 1, MAX_VERSION_NUMBER + 1));
  readArray(f.versions, `${path}.versions`, MAX_VERSION_NUMBER).forEach((raw, i) => {
    const at = childPath(`${path}.versions`, i);
    const version = readVersionRecord(raw, at);
    if (version.flowId !== record.id) throw new ValidationException(`${at}.flowId`, `must be ${quote(record.id)}`);
    if (Number(version.version) >= entry.nextVersion) {
      throw new ValidationException(`${at}.version`, `must be below nextVersion ${entry.nextVersion}`);
    }
    if (entry.versions.has(version.version)) throw new ValidationException(`${at}.version`, 'is listed twice');
    entry.versions.set(version.version, version);
  });
  readArray(f.aliases, `${path}.aliases`, 10_000).forEach((raw, i) => {
    const at = childPath(`${path}.aliases`, i);
    const alias = readAliasRecord(raw, at);
    if (alias.flowId !== record.id) throw new ValidationException(`${at}.flowId`, `must be ${quote(record.id)}`);
    if (entry.aliases.has(alias.id)) throw new ValidationException(`${at}.id`, 'is listed twice');
    if (entry.aliasIdsByName.has(alias.name)) throw new ValidationException(`${at}.name`, 'is listed twice');
    alias.routing.forEach((e, j) => {
      if (e.version !== DRAFT_VERSION && !entry.versions.has(e.version)) {
        throw new ValidationException(`${at}.routing[${j}].version`, `version ${quote(e.version)} does not exist`);
      }
    });
    entry.aliases.set(alias.id, alias);
    entry.aliasIdsByName.set(alias.name, alias.id);
  });
  for (const [name, id] of entry.aliasIdsByName) {
    if (entry.aliases.has(name) && name !== id) {
      throw new ValidationException(`${path}.aliases`, `alias name ${quote(name)} is another alias's ID`);
    }
  }
  return entry;
}

function readFirstResult(value: unknown, path: string): FirstResult {
  const f = readFields(value, path, RESULT_KEYS);
  const kind = checkEnum(f.kind, `${path}.kind`, RESULT_KINDS);
  const at = `${path}.record`;
  if (kind === 'flow') return Object.freeze({ kind, record: readFlowRecord(f.record, at) });
  if (kind === 'version') return Object.freeze({ kind, record: readVersionRecord(f.record, at) });
  return Object.freeze({ kind, record: readAliasRecord(f.record, at) });
}

function readState(value: unknown): LoadedState {
  const f = readFields(value, 'snapshot', SNAPSHOT_KEYS);
  if (f.format !== SNAPSHOT_FORMAT) throw new ValidationException('snapshot.format', `must be ${quote(SNAPSHOT_FORMAT)}`);
  if (f.version !== SNAPSHOT_VERSION) throw new ValidationException('snapshot.version', `must be ${SNAPSHOT_VERSION}`);
  const region = checkString(f.region, 'snapshot.region', { max: 20, pattern: REGION_PATTERN });
  const account = checkString(f.account, 'snapshot.account', { max: 12, pattern: ACCOUNT_PATTERN });
  const flows: FlowEntry[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  readArray(f.flows, 'snapshot.flows', 1_000_000).forEach((raw, i) => {
    const at = childPath('snapshot.flows', i);
    const entry = readFlowSnapshot(raw, at);
    if (ids.has(entry.record.id)) throw new ValidationException(`${at}.flow.id`, 'is listed twice');
    if (names.has(entry.record.name)) throw new ValidationException(`${at}.flow.name`, 'is listed twice');
    ids.add(entry.record.id);
    names.add(entry.record.name);
    flows.push(entry);
  });
  for (const entry of flows) {
    if (ids.has(entry.record.name) && entry.record.name !== entry.record.id) {
      throw new ValidationException('snapshot.flows', `flow name ${quote(entry.record.name)} is another flow's ID`);
    }
  }
  const keys = new Set<string>();
  const clientTokens = readArray(f.clientTokens, 'snapshot.clientTokens', 100_000).map((raw, i) => {
    const at = childPath('snapshot.clientTokens', i);
    const t = readFields(raw, at, TOKEN_KEYS);
    const key = checkString(t.key, `${at}.key`, { max: 512 });
    if (keys.has(key)) throw new ValidationException(`${at}.key`, 'is listed twice');
    keys.add(key);
    const fingerprint = checkString(t.fingerprint, `${at}.fingerprint`, { max: 4_194_304 });
    return [key, Object.freeze({ fingerprint, result: readFirstResult(t.result, `${at}.result`) })] as const;
  });
  return { region, account, flows, clientTokens };
}

/**
 * Validates a snapshot (typically parsed from a state file) as strictly as the registry validates its
 * own writes, and rebuilds its state. Throws `ValidationException` naming the path at fault.
 */
export function readSnapshot(value: unknown): LoadedState {
  return readInput('snapshot', () => readState(value));
}

