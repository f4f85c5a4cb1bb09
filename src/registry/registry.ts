import {
  ConflictException,
  InternalServerException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
} from '../errors.js';
import { compact } from '../input/compact.js';
import { checkString, optionalString, patched, quote, readFields } from '../input/fields.js';
import { isPlainObject } from '../input/json-document.js';
import { readInput } from '../input/read-input.js';
import type { AliasChange, AliasSource, RoutingConfig } from '../router/source.js';
import { normalizeRouting, type FieldLabels, type RoutingEntry } from '../routing/validate.js';
import { ChangeListeners } from '../sources/change-listeners.js';
import { Arns } from './arn.js';
import {
  DRAFT_VERSION,
  TEST_ALIAS_ID,
  type AliasRecord,
  type Concurrency,
  type FlowRecord,
  type Tags,
  type VersionRecord,
} from './model.js';
import { resolveRegistryOptions, type RegistryOptions, type ResolvedRegistryOptions } from './options.js';
import {
  DESCRIPTION_RULE,
  DRAFT_KEYS,
  ID_PATTERN,
  MAX_VERSION_NUMBER,
  NAME_RULE,
  VERSION_NUMBER_PATTERN,
  readConcurrency,
  readDraft,
  readTags,
} from './rules.js';
import { readSnapshot, toSnapshot, type RegistrySnapshot } from './snapshot.js';
import { ClientTokens, newFlowEntry, type FirstResult, type FlowEntry } from './state.js';

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
   */
  readonly clientToken?: { readonly key: string; readonly fingerprint: string };
}

const FLOW_INPUT_KEYS: ReadonlySet<string> = new Set(['name', ...DRAFT_KEYS, 'tags']);
const FLOW_PATCH_KEYS: ReadonlySet<string> = new Set(['name', ...DRAFT_KEYS]);
const VERSION_INPUT_KEYS: ReadonlySet<string> = new Set(['description', 'requirePrepared']);
const ALIAS_INPUT_KEYS: ReadonlySet<string> = new Set(['name', 'description', 'routing', 'concurrency', 'tags']);
const ALIAS_PATCH_KEYS: ReadonlySet<string> = new Set(['name', 'description', 'routing', 'concurrency']);
const WRITE_OPTION_KEYS: ReadonlySet<string> = new Set(['labels', 'clientToken']);
const REF_MAX_LENGTH = 2048;
/** `routing` entries are `{ version, weight }`; the routing core's rules check them under these names. */
const NATIVE_LABELS: FieldLabels = { list: 'routing', version: 'version', weight: 'weight' };
const NO_TAGS: Tags = Object.freeze({});
const DRAFT_ROUTING: readonly RoutingEntry[] = Object.freeze([Object.freeze({ version: DRAFT_VERSION, weight: 100 })]);

function notFound(kind: 'flow' | 'alias' | 'version', ref: string, code: string): ResourceNotFoundException {
  return new ResourceNotFoundException(`${kind} ${quote(ref)} was not found`, { code });
}

function describeRef(ref: unknown): string {
  if (typeof ref === 'string') return ref;
  if (isPlainObject(ref)) return String(ref.id ?? ref.name);
  return String(ref);
}

/** The built-in test alias: routes to the draft, exists as long as the flow, never changes. */
function testAlias(flow: FlowRecord): AliasRecord {
  return Object.freeze({
    flowId: flow.id,
    id: TEST_ALIAS_ID,
    name: TEST_ALIAS_ID,
    routing: DRAFT_ROUTING,
    tags: NO_TAGS,
    createdAt: flow.createdAt,
    updatedAt: flow.createdAt,
    revision: 1,
  });
}

/**
 * The in-process control plane: flows with a draft and numbered immutable versions, and aliases routing
 * to them by weight. It is an `AliasSource`: a `Router` built on it sees every alias change before its
 * next pick. Every method is synchronous; a call that throws (only the typed exceptions of errors.ts)
 * leaves the registry exactly as it was, because each change is fully validated before it is committed.
 */
export class FlowRegistry implements AliasSource {
  readonly region: string;
  readonly account: string;
  readonly arns: Arns;
  private readonly options: ResolvedRegistryOptions;
  /** Insertion order is kept, so snapshots list flows (and their aliases) in creation order. */
  private readonly flows = new Map<string, FlowEntry>();
  private readonly flowIdsByName = new Map<string, string>();
  private readonly listeners: ChangeListeners;
  private readonly tokens: ClientTokens;

  constructor(options: RegistryOptions = {}) {
    this.options = resolveRegistryOptions(options);
    this.region = this.options.region;
    this.account = this.options.account;
    this.arns = new Arns(this.region, this.account);
    this.tokens = new ClientTokens(this.options.maxClientTokens);
    this.listeners = new ChangeListeners(this.options.onListenerError);
  }

  /**
   * Rebuilds a registry from `snapshot()` output (typically read back from a state file), validating all of
   * it. Region and account come from the snapshot; giving different ones in `options` is an error. Quotas
   * apply to later creates only: a snapshot holding more than the quotas allow is loaded as it is.
   */
  static restore(snapshot: unknown, options: RegistryOptions = {}): FlowRegistry {
    if (typeof options !== 'object' || options === null) throw new ValidationException('options', 'must be an object');
    const loaded = readSnapshot(snapshot);
    for (const field of ['region', 'account'] as const) {
      if (options[field] !== undefined && options[field] !== loaded[field]) {
        throw new ValidationException(field, `differs from the snapshot's ${quote(loaded[field])}`);
      }
    }
    const registry = new FlowRegistry({ ...options, region: loaded.region, account: loaded.account });
    for (const entry of loaded.flows) {
      registry.flows.set(entry.record.id, entry);
      registry.flowIdsByName.set(entry.record.name, entry.record.id);
    }
    for (const [key, value] of loaded.clientTokens) registry.tokens.remember(key, value);
    return registry;
  }

  /** A deeply frozen, JSON-serialisable copy of the whole state, for `FlowRegistry.restore`. */
  snapshot(): RegistrySnapshot {
    return toSnapshot(this.region, this.account, this.flows.values(), this.tokens.list());
  }

  // ---- AliasSource ----

  /** The routing of an alias (flow and alias each by ID, ARN or name; `TSTALIASID` routes to DRAFT). */
  getRouting(flow: string, alias: string): RoutingConfig {
    return this.guard(() => {
      if (typeof flow !== 'string') throw new ValidationException('flow', 'must be a string');
      if (typeof alias !== 'string') throw new ValidationException('alias', 'must be a string');
      const entry = this.flowEntry(flow, 'flow');
      const record = this.aliasRecord(entry, alias, 'alias');
      return Object.freeze({ entries: record.routing, revision: record.revision, identity: this.aliasArn(record) });
    });
  }

  /** Calls `onChange` synchronously inside every call that creates, changes or deletes an alias, after it is committed. */
  subscribe(onChange: (change: AliasChange) => void): () => void {
    return this.listeners.subscribe(onChange);
  }

  // ---- reads ----

  flowArn(flow: FlowRecord): string {
    return this.arns.flow(flow.id);
  }

  aliasArn(alias: AliasRecord): string {
    return this.arns.alias(alias.flowId, alias.id);
  }

  getFlow(flow: ResourceRef): FlowRecord {
    return this.guard(() => this.flowEntry(flow, 'flow').record);
  }

  /** Every flow, by ID. */
  listFlows(): readonly FlowRecord[] {
    return [...this.flows.values()].map((entry) => entry.record).sort(byId);
  }

  getVersion(flow: ResourceRef, version: string): VersionRecord {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      return this.versionRecord(entry, checkString(version, 'version', { max: 5, pattern: VERSION_NUMBER_PATTERN }));
    });
  }

  /** The numbered versions of a flow, oldest first. */
  listVersions(flow: ResourceRef): readonly VersionRecord[] {
    return this.guard(() =>
      [...this.flowEntry(flow, 'flow').versions.values()].sort((a, b) => Number(a.version) - Number(b.version)),
    );
  }

  getAlias(flow: ResourceRef, alias: ResourceRef): AliasRecord {
    return this.guard(() => this.aliasRecord(this.flowEntry(flow, 'flow'), alias, 'alias'));
  }

  /** The aliases of a flow by ID, with the built-in test alias if asked for. */
  listAliases(flow: ResourceRef, options: { readonly includeTestAlias?: boolean } = {}): readonly AliasRecord[] {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      const aliases = [...entry.aliases.values()];
      if (options.includeTestAlias === true) aliases.push(testAlias(entry.record));
      return aliases.sort(byId);
    });
  }

  // ---- flows ----

  createFlow(input: CreateFlowInput, options: WriteOptions = {}): FlowRecord {
    return this.guard(() => {
      const fields = readFields(input, '', FLOW_INPUT_KEYS);
      const write = readWriteOptions(options);
      const name = checkString(fields.name, 'name', NAME_RULE);
      const draft = readDraft(fields, '');
      const tags = readTags(fields.tags, 'tags');
      const replay = this.replay(write, 'flow');
      if (replay !== undefined) return replay;
      this.checkFlowName(name, undefined);
      if (this.flows.size >= this.options.quotas.maxFlows) {
        throw new ServiceQuotaExceededException(`the registry holds ${this.flows.size} flows, its quota`, {
          code: 'FlowQuotaExceeded',
        });
      }
      const id = this.newId((candidate) => this.flows.has(candidate) || this.flowIdsByName.has(candidate));
      const now = this.timestamp();
      const record = Object.freeze(
        compact<FlowRecord>({ id, name, ...draft, status: 'NotPrepared', tags, createdAt: now, updatedAt: now }),
      );
      const entry = newFlowEntry(record);
      this.commit(
        () => {
          this.flows.set(id, entry);
          this.flowIdsByName.set(name, id);
          this.remember(write, { kind: 'flow', record });
        },
        [{ kind: 'created', identity: this.arns.alias(id, TEST_ALIAS_ID) }],
      );
      return record;
    });
  }

  /** Changes the fields given and makes the draft `NotPrepared`. Renaming notifies every alias of the flow. */
  updateFlow(flow: ResourceRef, patch: FlowPatch): FlowRecord {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      const fields = readFields(patch, '', FLOW_PATCH_KEYS);
      const old = entry.record;
      const name = fields.name === undefined ? old.name : checkString(fields.name, 'name', NAME_RULE);
      const draft = readDraft(fields, '', old);
      if (name !== old.name) this.checkFlowName(name, old.id);
      const record = Object.freeze(
        compact<FlowRecord>({ ...old, name, ...draft, status: 'NotPrepared', updatedAt: this.timestamp() }),
      );
      // A router caches by the names callers use, so a rename invalidates every alias of the flow.
      const changes = name === old.name ? [] : this.everyAlias(entry, 'updated');
      this.commit(() => {
        entry.record = record;
        if (name !== old.name) {
          this.flowIdsByName.delete(old.name);
          this.flowIdsByName.set(name, old.id);
        }
      }, changes);
      return record;
    });
  }

  /** Packages the draft for testing: the status becomes `Prepared` (synchronously; preparing never fails). */
  prepareFlow(flow: ResourceRef): FlowRecord {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      if (entry.record.status === 'Prepared') return entry.record;
      const record = Object.freeze({ ...entry.record, status: 'Prepared' as const });
      this.commit(() => {
        entry.record = record;
      }, []);
      return record;
    });
  }

  /**
   * Deletes a flow with its versions. A flow with aliases (other than the test alias) is in use: deleting it
   * is a `ConflictException` unless `force`, which deletes the aliases too.
   */
  deleteFlow(flow: ResourceRef, options: { readonly force?: boolean } = {}): FlowRecord {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      const force = readFields(options, 'options', FORCE_KEYS).force;
      if (force !== undefined && typeof force !== 'boolean') throw new ValidationException('options.force', 'must be a boolean');
      if (entry.aliases.size > 0 && force !== true) {
        throw new ConflictException(
          `flow ${quote(entry.record.name)} has ${entry.aliases.size} aliases; delete them first or force the delete`,
          { code: 'FlowInUse' },
        );
      }
      const changes = this.everyAlias(entry, 'deleted');
      this.commit(() => {
        this.flows.delete(entry.record.id);
        this.flowIdsByName.delete(entry.record.name);
      }, changes);
      return entry.record;
    });
  }

  // ---- versions ----

  /** Snapshots the draft as the next numbered version. */
  createVersion(flow: ResourceRef, input: CreateVersionInput = {}, options: WriteOptions = {}): VersionRecord {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      const fields = readFields(input, '', VERSION_INPUT_KEYS);
      const write = readWriteOptions(options);
      const description = optionalString(fields.description, 'description', DESCRIPTION_RULE);
      const requirePrepared = fields.requirePrepared ?? false;
      if (typeof requirePrepared !== 'boolean') throw new ValidationException('requirePrepared', 'must be a boolean');
      const replay = this.replay(write, 'version');
      if (replay !== undefined) return replay;
      const draft = entry.record;
      if (requirePrepared && draft.status !== 'Prepared') {
        throw new ConflictException(`flow ${quote(draft.name)} is not prepared: prepare it before creating a version`, {
          code: 'FlowNotPrepared',
        });
      }
      if (entry.versions.size >= this.options.quotas.maxVersionsPerFlow || entry.nextVersion > MAX_VERSION_NUMBER) {
        throw new ServiceQuotaExceededException(`flow ${quote(draft.name)} holds ${entry.versions.size} versions, its quota`, {
          code: 'VersionQuotaExceeded',
        });
      }
      const record = Object.freeze(
        compact<VersionRecord>({
          flowId: draft.id,
          version: String(entry.nextVersion),
          name: draft.name,
          description,
          definition: draft.definition,
          executionRoleArn: draft.executionRoleArn,
          customerEncryptionKeyArn: draft.customerEncryptionKeyArn,
          status: draft.status,
          createdAt: this.timestamp(),
        }),
      );
      this.commit(() => {
        entry.versions.set(record.version, record);
        entry.nextVersion += 1;
        this.remember(write, { kind: 'version', record });
      }, []);
      return record;
    });
  }

  /** Deletes a numbered version; one that an alias routes to (even at weight 0) is a `ConflictException`. */
  deleteVersion(flow: ResourceRef, version: string): VersionRecord {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      const record = this.versionRecord(entry, checkString(version, 'version', { max: 5, pattern: VERSION_NUMBER_PATTERN }));
      const users = [...entry.aliases.values()].filter((alias) => alias.routing.some((e) => e.version === record.version));
      if (users.length > 0) {
        throw new ConflictException(
          `version ${record.version} is routed to by ${users.map((alias) => quote(alias.name)).join(', ')}`,
          { code: 'VersionInUse' },
        );
      }
      this.commit(() => {
        entry.versions.delete(record.version);
      }, []);
      return record;
    });
  }

  // ---- aliases ----

  createAlias(flow: ResourceRef, input: CreateAliasInput, options: WriteOptions = {}): AliasRecord {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      const fields = readFields(input, '', ALIAS_INPUT_KEYS);
      const write = readWriteOptions(options);
      const name = checkString(fields.name, 'name', NAME_RULE);
      const description = optionalString(fields.description, 'description', DESCRIPTION_RULE);
      const routing = this.readRouting(fields.routing, write.labels);
      const concurrency = fields.concurrency === undefined ? undefined : readConcurrency(fields.concurrency, 'concurrency');
      const tags = readTags(fields.tags, 'tags');
      const replay = this.replay(write, 'alias');
      if (replay !== undefined) return replay;
      this.checkVersionsExist(entry, routing, write.labels);
      this.checkAliasName(entry, name, undefined);
      if (entry.aliases.size >= this.options.quotas.maxAliasesPerFlow) {
        throw new ServiceQuotaExceededException(`flow ${quote(entry.record.name)} holds ${entry.aliases.size} aliases, its quota`, {
          code: 'AliasQuotaExceeded',
        });
      }
      const id = this.newId(
        (candidate) => candidate === TEST_ALIAS_ID || entry.aliases.has(candidate) || entry.aliasIdsByName.has(candidate),
      );
      const now = this.timestamp();
      const record = Object.freeze(
        compact<AliasRecord>({
          flowId: entry.record.id,
          id,
          name,
          description,
          routing,
          concurrency,
          tags,
          createdAt: now,
          updatedAt: now,
          revision: 1,
        }),
      );
      this.commit(
        () => {
          entry.aliases.set(id, record);
          entry.aliasIdsByName.set(name, id);
          this.remember(write, { kind: 'alias', record });
        },
        [{ kind: 'created', identity: this.aliasArn(record) }],
      );
      return record;
    });
  }

  /** Changes the fields given; the revision goes up by one. The test alias cannot be changed. */
  updateAlias(flow: ResourceRef, alias: ResourceRef, patch: AliasPatch, options: WriteOptions = {}): AliasRecord {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      const old = this.aliasRecord(entry, alias, 'alias');
      const fields = readFields(patch, '', ALIAS_PATCH_KEYS);
      const write = readWriteOptions(options);
      if (write.clientToken !== undefined) throw new ValidationException('options.clientToken', 'applies to creates only');
      this.checkNotTestAlias(old, 'changed');
      const name = fields.name === undefined ? old.name : checkString(fields.name, 'name', NAME_RULE);
      const description = patched(fields.description, 'description', { value: old.description }, (v) =>
        checkString(v, 'description', DESCRIPTION_RULE),
      );
      const routing = fields.routing === undefined ? old.routing : this.readRouting(fields.routing, write.labels);
      const concurrency = patched(fields.concurrency, 'concurrency', { value: old.concurrency }, (v) => readConcurrency(v, 'concurrency'));
      this.checkVersionsExist(entry, routing, write.labels);
      if (name !== old.name) this.checkAliasName(entry, name, old.id);
      const record = Object.freeze(
        compact<AliasRecord>({
          ...old,
          name,
          description,
          routing,
          concurrency,
          updatedAt: this.timestamp(),
          revision: old.revision + 1,
        }),
      );
      this.commit(
        () => {
          entry.aliases.set(old.id, record);
          if (name !== old.name) {
            entry.aliasIdsByName.delete(old.name);
            entry.aliasIdsByName.set(name, old.id);
          }
        },
        [{ kind: 'updated', identity: this.aliasArn(record) }],
      );
      return record;
    });
  }

  deleteAlias(flow: ResourceRef, alias: ResourceRef): AliasRecord {
    return this.guard(() => {
      const entry = this.flowEntry(flow, 'flow');
      const record = this.aliasRecord(entry, alias, 'alias');
      this.checkNotTestAlias(record, 'deleted');
      this.commit(
        () => {
          entry.aliases.delete(record.id);
          entry.aliasIdsByName.delete(record.name);
        },
        [{ kind: 'deleted', identity: this.aliasArn(record) }],
      );
      return record;
    });
  }

  // ---- internals ----

  /**
   * Runs a public method so that it throws only typed exceptions: anything else escaping is the caller's
   * input failing to be read (a throwing getter, a revoked proxy). A failure inside a commit is our own
   * bug, and `commit` reports it as an `InternalServerException` before it gets here.
   */
  private guard<T>(run: () => T): T {
    return readInput('request', run);
  }

  /** Applies a fully validated change (nothing in `apply` can fail), then notifies. */
  private commit(apply: () => void, changes: readonly AliasChange[]): void {
    try {
      apply();
    } catch (error) {
      throw new InternalServerException('the registry failed while committing a change', { cause: error });
    }
    for (const change of changes) this.listeners.notify(change);
  }

  private everyAlias(entry: FlowEntry, kind: 'updated' | 'deleted'): AliasChange[] {
    const ids = [TEST_ALIAS_ID, ...entry.aliases.keys()];
    return ids.map((id) => ({ kind, identity: this.arns.alias(entry.record.id, id) }));
  }

  private replay<K extends keyof RecordOfKind>(write: ResolvedWriteOptions, kind: K): RecordOfKind[K] | undefined {
    if (write.clientToken === undefined) return undefined;
    const prior = this.tokens.get(write.clientToken.key);
    if (prior === undefined) return undefined;
    if (prior.fingerprint !== write.clientToken.fingerprint || prior.result.kind !== kind) {
      throw new ConflictException('clientToken was already used with a different request', { code: 'IdempotencyConflict' });
    }
    return prior.result.record as RecordOfKind[K];
  }

  private remember(write: ResolvedWriteOptions, result: FirstResult): void {
    if (write.clientToken !== undefined) {
      this.tokens.remember(write.clientToken.key, { fingerprint: write.clientToken.fingerprint, result });
    }
  }

  private timestamp(): string {
    let ms: unknown;
    try {
      ms = this.options.wallClock();
    } catch (error) {
      throw new InternalServerException('the clock failed', { cause: error });
    }
    if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
      throw new InternalServerException('the clock returned an invalid time');
    }
    return new Date(ms).toISOString();
  }

  private newId(taken: (id: string) => boolean): string {
    for (let attempt = 0; attempt < 100; attempt++) {
      let id: unknown;
      try {
        id = this.options.generateId();
      } catch (error) {
        throw new InternalServerException('the ID generator failed', { cause: error });
      }
      if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
        throw new InternalServerException('the ID generator returned an ID that is not 10 characters [0-9A-Za-z]');
      }
      if (!taken(id)) return id;
    }
    throw new InternalServerException('the ID generator returned 100 IDs in use');
  }

  /** Names and IDs share one namespace, so resolving a string by ID, then by name, is never ambiguous. */
  private checkFlowName(name: string, selfId: string | undefined): void {
    const holder = this.flowIdsByName.get(name) ?? (this.flows.has(name) ? name : undefined);
    if (holder !== undefined && holder !== selfId) {
      throw new ConflictException(`a flow named ${quote(name)} already exists`, { code: 'FlowAlreadyExists' });
    }
  }

  private checkAliasName(entry: FlowEntry, name: string, selfId: string | undefined): void {
    const holder = name === TEST_ALIAS_ID ? TEST_ALIAS_ID : (entry.aliasIdsByName.get(name) ?? (entry.aliases.has(name) ? name : undefined));
    if (holder !== undefined && holder !== selfId) {
      throw new ConflictException(`flow ${quote(entry.record.name)} already has an alias named ${quote(name)}`, {
        code: 'AliasAlreadyExists',
      });
    }
  }

  private checkNotTestAlias(record: AliasRecord, verb: string): void {
    if (record.id === TEST_ALIAS_ID) {
      throw new ConflictException(`the test alias ${TEST_ALIAS_ID} cannot be ${verb}`, { code: 'TestAliasReadOnly' });
    }
  }

  private readRouting(value: unknown, labels: FieldLabels): readonly RoutingEntry[] {
    const configured = normalizeRouting(value, NATIVE_LABELS).configured;
    const max = this.options.quotas.maxRoutingEntries;
    if (configured.length > max) {
      throw new ServiceQuotaExceededException(`${labels.list} has ${configured.length} entries; the quota is ${max}`, {
        code: 'RoutingEntryQuotaExceeded',
      });
    }
    return Object.freeze(configured.map((e) => Object.freeze({ version: e.version, weight: e.weight })));
  }

  private checkVersionsExist(entry: FlowEntry, routing: readonly RoutingEntry[], labels: FieldLabels): void {
    routing.forEach((e, i) => {
      if (e.version !== DRAFT_VERSION && !entry.versions.has(e.version)) {
        throw new ValidationException(`${labels.list}[${i}].${labels.version}`, `version ${quote(e.version)} does not exist`, {
          code: 'VersionNotFound',
        });
      }
    });
  }

  private flowEntry(ref: unknown, field: string): FlowEntry {
    const entry = this.findFlow(ref, field);
    if (entry === undefined) throw notFound('flow', describeRef(ref), 'FlowNotFound');
    return entry;
  }

  private findFlow(ref: unknown, field: string): FlowEntry | undefined {
    const { id, name } = readRef(ref, field);
    if (id !== undefined) {
      const byId = this.flows.get(id);
      if (byId !== undefined || name === undefined) return byId;
      const arnId = this.arns.parseFlow(id);
      if (arnId !== undefined) return this.flows.get(arnId);
    }
    const byName = name === undefined ? undefined : this.flowIdsByName.get(name);
    return byName === undefined ? undefined : this.flows.get(byName);
  }

  private aliasRecord(entry: FlowEntry, ref: unknown, field: string): AliasRecord {
    const { id, name } = readRef(ref, field);
    const record =
      (id === undefined ? undefined : this.aliasById(entry, id)) ??
      (id === undefined || name === undefined ? undefined : this.aliasByArn(entry, id)) ??
      (name === undefined ? undefined : this.aliasByName(entry, name));
    if (record === undefined) throw notFound('alias', describeRef(ref), 'AliasNotFound');
    return record;
  }

  private aliasById(entry: FlowEntry, id: string): AliasRecord | undefined {
    return id === TEST_ALIAS_ID ? testAlias(entry.record) : entry.aliases.get(id);
  }

  /** Only an ARN of an alias of this very flow matches: never one of another flow, region or account. */
  private aliasByArn(entry: FlowEntry, arn: string): AliasRecord | undefined {
    const parts = this.arns.parseAlias(arn);
    return parts === undefined || parts.flowId !== entry.record.id ? undefined : this.aliasById(entry, parts.aliasId);
  }

  private aliasByName(entry: FlowEntry, name: string): AliasRecord | undefined {
    if (name === TEST_ALIAS_ID) return testAlias(entry.record);
    const id = entry.aliasIdsByName.get(name);
    return id === undefined ? undefined : entry.aliases.get(id);
  }

  private versionRecord(entry: FlowEntry, version: string): VersionRecord {
    const record = entry.versions.get(version);
    if (record === undefined) throw notFound('version', `${entry.record.name}:${version}`, 'VersionNotFound');
    return record;
  }
}

interface RecordOfKind {
  readonly flow: FlowRecord;
  readonly version: VersionRecord;
  readonly alias: AliasRecord;
}

const FORCE_KEYS: ReadonlySet<string> = new Set(['force']);
const REF_KEYS: ReadonlySet<string> = new Set(['id', 'name']);

interface ResolvedWriteOptions {
  readonly labels: FieldLabels;
  readonly clientToken?: { readonly key: string; readonly fingerprint: string };
}

const LABEL_KEYS: ReadonlySet<string> = new Set(['list', 'version', 'weight']);
const TOKEN_KEYS: ReadonlySet<string> = new Set(['key', 'fingerprint']);

function readWriteOptions(options: WriteOptions): ResolvedWriteOptions {
  const fields = readFields(options, 'options', WRITE_OPTION_KEYS);
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
      fingerprint: checkString(token.fingerprint, 'options.clientToken.fingerprint', { max: 4_194_304 }),
    },
  };
}

/**
 * A string reference may be an ID, an ARN or a name (so `id` and `name` are both set); `{ id }` and
 * `{ name }` look up one way only.
 */
function readRef(ref: unknown, field: string): { id?: string; name?: string } {
  const rule = { max: REF_MAX_LENGTH };
  if (typeof ref === 'string') {
    checkString(ref, field, rule);
    return { id: ref, name: ref };
  }
  const fields = readFields(ref, field, REF_KEYS);
  if (fields.id !== undefined && fields.name === undefined) return { id: checkString(fields.id, `${field}.id`, rule) };
  if (fields.name !== undefined && fields.id === undefined) return { name: checkString(fields.name, `${field}.name`, rule) };
  throw new ValidationException(field, 'must be an ID, ARN or name, or an object with exactly one of id and name');
}

function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
