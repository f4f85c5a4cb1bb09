import { InternalServerException, ValidationException, isFlowAliasRouterException } from '../errors.js';
import { readInput } from '../input/read-input.js';
import type { AliasChange, AliasSource, RoutingConfig } from '../router/source.js';
import { MemoryStore } from '../stores/memory.js';
import type { RegistryStore, StoreProgram, StoreUsage, SyncStore } from '../stores/store.js';
import type { Arns } from './arn.js';
import { RegistryContext } from './context.js';
import { ChangeFeed } from './feed.js';
import type {
  AliasPatch,
  CreateAliasInput,
  CreateFlowInput,
  CreateVersionInput,
  DeleteFlowOptions,
  FlowPatch,
  ListAliasesOptions,
  ResourceRef,
  WriteOptions,
} from './inputs.js';
import type { AliasRecord, FlowRecord, VersionRecord } from './model.js';
import type {
  LatchRolloutAnswer,
  LatchRolloutRequest,
  OutcomeReport,
  RolloutStatus,
  RolloutVerbOptions,
  StartRolloutInput,
} from './operations/rollouts.js';
import * as aliases from './operations/aliases.js';
import * as flows from './operations/flows.js';
import type { Outcome } from './operations/outcome.js';
import * as reads from './operations/reads.js';
import * as rollouts from './operations/rollouts.js';
import type { WindowCounts } from '../rollout/health.js';
import type { RolloutVerb } from '../rollout/model.js';
import * as versions from './operations/versions.js';
import { resolveRegistryOptions, type RegistryOptions } from './options.js';
import { readSnapshot, toSnapshot, type RegistrySnapshot } from './snapshot.js';
import { importState, exportState } from './state-transfer.js';


/** A registry on any store; code that awaits every call (the dialects, the server) takes this. */
export type AnyRegistry = FlowRegistry<RegistryStore>;

/** What a registry call returns: the value itself on a synchronous store, a promise on PostgreSQL. */
export type Answer<S extends RegistryStore, T> = S extends SyncStore ? T : Promise<T>;

export interface FlowRegistryOptions<S extends RegistryStore> extends RegistryOptions {
  /**
   * Where the registry keeps its state. Default: a new in-memory store. `openSqliteStore` (one machine,
   * durable) and `openPostgresStore` (a fleet) share one schema; the rules are the same on every store.
   */
  readonly store?: S;
  /**
   * How often (ms) a registry on a shared store (SQLite, PostgreSQL) reads the changes other processes
   * made, to announce them to `subscribe` listeners. Default 1,000; 10 to 60,000.
   */
  readonly pollIntervalMs?: number;
}

/**
 * The control plane: flows with a draft and numbered immutable versions, and aliases routing to them by
 * weight. Its rules (validation naming the field at fault, quotas, unique names, version-in-use refusal,
 * `clientToken` idempotency, revisions, IDs and ARNs) are written once, as programs over a store, and run
 * unchanged on every store: synchronously on the in-memory store and SQLite, asynchronously (every method
 * returns a promise) on PostgreSQL. A call that throws (only the typed exceptions of errors.ts) changes
 * nothing: each write is one transaction. It is an `AliasSource`: a `Router` built on it sees every alias
 * change, including those made through other processes on a shared store (within `pollIntervalMs`).
 */
export class FlowRegistry<S extends RegistryStore = SyncStore> implements AliasSource {
  readonly region: string;
  readonly account: string;
  readonly arns: Arns;
  readonly store: S;
  private readonly ctx: RegistryContext;
  private readonly feed: ChangeFeed;

  constructor(options: FlowRegistryOptions<S> = {}) {
    if (typeof options !== 'object' || options === null) throw new ValidationException('options', 'must be an object');
    // The options are checked first, so a bad region names `region`, not the memory store's option.
    const checked = resolveRegistryOptions(options);
    const store = options.store ?? (new MemoryStore({ region: checked.region, account: checked.account }) as unknown as S);
    const identity = store.identity;
    for (const field of ['region', 'account'] as const) {
      if (options[field] !== undefined && options[field] !== identity[field]) {
        throw new ValidationException(field, `differs from the store's ${JSON.stringify(identity[field])}`);
      }
    }
    this.ctx = new RegistryContext({ ...checked, region: identity.region, account: identity.account });
    this.store = store;
    this.region = identity.region;
    this.account = identity.account;
    this.arns = this.ctx.arns;
    this.feed = new ChangeFeed(store, options.pollIntervalMs, this.ctx.options.onListenerError);
  }

  /**
   * A registry on a new in-memory store holding a snapshot's state (`snapshot()` output, or a state file
   * of an earlier release), validated whole. Region and account come from the snapshot.
   */
  static restore(snapshot: unknown, options: RegistryOptions = {}): FlowRegistry {
    if (typeof options !== 'object' || options === null) throw new ValidationException('options', 'must be an object');
    const loaded = readSnapshot(snapshot);
    for (const field of ['region', 'account'] as const) {
      if (options[field] !== undefined && options[field] !== loaded[field]) {
        throw new ValidationException(field, `differs from the snapshot's ${JSON.stringify(loaded[field])}`);
      }
    }
    const registry = new FlowRegistry({ ...options, region: loaded.region, account: loaded.account });
    registry.importSnapshot(snapshot);
    return registry;
  }

  /**
   * Loads a snapshot (validated whole) into this registry's store, which must hold no flows yet, in one
   * transaction: how `serve --state new.db --import old.json` moves a JSON state file onto SQLite.
   */
  importSnapshot(snapshot: unknown): Answer<S, void> {
    return this.write(
      () => {
        const loaded = readSnapshot(snapshot);
        for (const field of ['region', 'account'] as const) {
          if (loaded[field] !== this[field]) {
            throw new ValidationException(`snapshot.${field}`, `must be the store's ${JSON.stringify(this[field])}`);
          }
        }
        return loaded;
      },
      (tx, loaded) => importState(this.ctx, tx, loaded),
    );
  }

  /** A deeply frozen, JSON-serialisable copy of the whole state, for `FlowRegistry.restore`. */
  snapshot(): Answer<S, RegistrySnapshot> {
    return this.read(
      () => undefined,
      function* (tx) {
        return yield* exportState(tx);
      },
      (flows) => toSnapshot(this.region, this.account, flows, []),
    );
  }

  /** Counts of what the store holds, against the quotas. */
  usage(): Answer<S, StoreUsage> {
    return this.read(() => undefined, (tx) => tx.usage());
  }

  // ---- AliasSource ----

  /** The routing of an alias (flow and alias each by ID, ARN or name; `TSTALIASID` routes to DRAFT). */
  getRouting(flow: string, alias: string): Answer<S, RoutingConfig> {
    return this.read(
      () => {
        if (typeof flow !== 'string') throw new ValidationException('flow', 'must be a string');
        if (typeof alias !== 'string') throw new ValidationException('alias', 'must be a string');
        return aliases.parseAliasRef(flow, alias);
      },
      (tx, request) => reads.getRouting(this.ctx, tx, request),
    );
  }

  /**
   * Calls `onChange` for every alias created, changed or deleted: synchronously, right after the commit,
   * for changes made through this registry; within `pollIntervalMs` for changes other processes made on
   * a shared store; `{ kind: 'reset' }` when changes may have been missed (forget everything).
   */
  subscribe(onChange: (change: AliasChange) => void): () => void {
    if (typeof onChange !== 'function') throw new ValidationException('onChange', 'must be a function');
    return this.feed.subscribe(onChange);
  }

  /** Stops polling the store and closes it. */
  close(): Answer<S, void> {
    this.feed.close();
    return this.store.close() as Answer<S, void>;
  }

  // ---- reads ----

  flowArn(flow: FlowRecord): string {
    return this.arns.flow(flow.id);
  }

  aliasArn(alias: AliasRecord): string {
    return this.arns.alias(alias.flowId, alias.id);
  }

  getFlow(flow: ResourceRef): Answer<S, FlowRecord> {
    return this.read(() => flows.parseFlowRef(flow), (tx, ref) => reads.getFlow(this.ctx, tx, ref));
  }

  /** Every flow, by ID. */
  listFlows(): Answer<S, readonly FlowRecord[]> {
    return this.read(() => undefined, (tx) => reads.listFlows(this.ctx, tx));
  }

  getVersion(flow: ResourceRef, version: string): Answer<S, VersionRecord> {
    return this.read(() => versions.parseVersionRef(flow, version), (tx, request) => reads.getVersion(this.ctx, tx, request));
  }

  /** The numbered versions of a flow, oldest first. */
  listVersions(flow: ResourceRef): Answer<S, readonly VersionRecord[]> {
    return this.read(() => flows.parseFlowRef(flow), (tx, ref) => reads.listVersions(this.ctx, tx, ref));
  }

  getAlias(flow: ResourceRef, alias: ResourceRef): Answer<S, AliasRecord> {
    return this.read(() => aliases.parseAliasRef(flow, alias), (tx, request) => reads.getAlias(this.ctx, tx, request));
  }

  /** The aliases of a flow by ID, with the built-in test alias if asked for. */
  listAliases(flow: ResourceRef, options: ListAliasesOptions = {}): Answer<S, readonly AliasRecord[]> {
    return this.read(
      () => ({ flow: flows.parseFlowRef(flow), includeTestAlias: reads.parseListAliasesOptions(options) }),
      (tx, request) => reads.listAliases(this.ctx, tx, request),
    );
  }

  // ---- writes ----

  createFlow(input: CreateFlowInput, options: WriteOptions = {}): Answer<S, FlowRecord> {
    return this.write(() => flows.parseCreateFlow(input, options), (tx, request) => flows.createFlow(this.ctx, tx, request));
  }

  /** Changes the fields given and makes the draft `NotPrepared`. Renaming notifies every alias of the flow. */
  updateFlow(flow: ResourceRef, patch: FlowPatch): Answer<S, FlowRecord> {
    return this.write(() => flows.parseUpdateFlow(flow, patch), (tx, request) => flows.updateFlow(this.ctx, tx, request));
  }

  /** Packages the draft for testing: the status becomes `Prepared` (preparing never fails). */
  prepareFlow(flow: ResourceRef): Answer<S, FlowRecord> {
    return this.write(() => flows.parseFlowRef(flow), (tx, ref) => flows.prepareFlow(this.ctx, tx, ref));
  }

  /**
   * Deletes a flow with its versions. A flow with aliases (other than the test alias) is in use: deleting it
   * is a `ConflictException` unless `force`, which deletes the aliases too.
   */
  deleteFlow(flow: ResourceRef, options: DeleteFlowOptions = {}): Answer<S, FlowRecord> {
    return this.write(() => flows.parseDeleteFlow(flow, options), (tx, request) => flows.deleteFlow(this.ctx, tx, request));
  }

  /** Snapshots the draft as the next numbered version. */
  createVersion(flow: ResourceRef, input: CreateVersionInput = {}, options: WriteOptions = {}): Answer<S, VersionRecord> {
    return this.write(
      () => versions.parseCreateVersion(flow, input, options),
      (tx, request) => versions.createVersion(this.ctx, tx, request),
    );
  }

  /** Deletes a numbered version; one that an alias routes to (even at weight 0) is a `ConflictException`. */
  deleteVersion(flow: ResourceRef, version: string): Answer<S, VersionRecord> {
    return this.write(() => versions.parseVersionRef(flow, version), (tx, request) => versions.deleteVersion(this.ctx, tx, request));
  }

  createAlias(flow: ResourceRef, input: CreateAliasInput, options: WriteOptions = {}): Answer<S, AliasRecord> {
    return this.write(
      () => aliases.parseCreateAlias(this.ctx, flow, input, options),
      (tx, request) => aliases.createAlias(this.ctx, tx, request),
    );
  }

  /** Changes the fields given; the revision goes up by one. The test alias cannot be changed. */
  updateAlias(flow: ResourceRef, alias: ResourceRef, patch: AliasPatch, options: WriteOptions = {}): Answer<S, AliasRecord> {
    return this.write(
      () => aliases.parseUpdateAlias(this.ctx, flow, alias, patch, options),
      (tx, request) => aliases.updateAlias(this.ctx, tx, request),
    );
  }

  deleteAlias(flow: ResourceRef, alias: ResourceRef): Answer<S, AliasRecord> {
    return this.write(() => aliases.parseAliasRef(flow, alias), (tx, request) => aliases.deleteAlias(this.ctx, tx, request));
  }

  // ---- rollouts (docs/rollouts.md) ----

  /**
   * Starts moving the alias's traffic to `input.target` by a preset (`Canary10Percent5Minutes`, a Step
   * Functions `{ type, percentage, interval }`) or custom `steps`, with an optional health policy. `startAt`
   * is this registry's wall clock. One write: the alias's revision goes up by one.
   */
  startRollout(flow: ResourceRef, alias: ResourceRef, input: StartRolloutInput): Answer<S, AliasRecord> {
    return this.write(() => rollouts.parseStartRollout(flow, alias, input), (tx, request) => rollouts.startRollout(this.ctx, tx, request));
  }

  /** Freezes the weights where they are (no key moves) until `resumeRollout`. */
  pauseRollout(flow: ResourceRef, alias: ResourceRef, options: RolloutVerbOptions = {}): Answer<S, AliasRecord> {
    return this.verb(flow, alias, 'pause', options);
  }

  /** Continues a paused rollout from the elapsed time it was paused at. */
  resumeRollout(flow: ResourceRef, alias: ResourceRef, options: RolloutVerbOptions = {}): Answer<S, AliasRecord> {
    return this.verb(flow, alias, 'resume', options);
  }

  /** Ends the rollout with 100 % to the target: the alias's routing becomes the target alone. */
  promoteRollout(flow: ResourceRef, alias: ResourceRef, options: RolloutVerbOptions = {}): Answer<S, AliasRecord> {
    return this.verb(flow, alias, 'promote', options);
  }

  /** Ends the rollout with the starting routing: exactly the keys that moved to the target move back. */
  abortRollout(flow: ResourceRef, alias: ResourceRef, options: RolloutVerbOptions = {}): Answer<S, AliasRecord> {
    return this.verb(flow, alias, 'abort', options);
  }

  /** Starts the same rollout again from step 0, under a new id and `startAt`. */
  retryRollout(flow: ResourceRef, alias: ResourceRef, options: RolloutVerbOptions = {}): Answer<S, AliasRecord> {
    return this.verb(flow, alias, 'retry', options);
  }

  /** Moves to the start of the next step (running or paused). */
  skipRolloutStep(flow: ResourceRef, alias: ResourceRef, options: RolloutVerbOptions = {}): Answer<S, AliasRecord> {
    return this.verb(flow, alias, 'skip', options);
  }

  /** The alias's rollout, where it stands at this registry's now, and the weights routers use. */
  rolloutStatus(flow: ResourceRef, alias: ResourceRef): Answer<S, RolloutStatus> {
    return this.read(() => aliases.parseAliasRef(flow, alias), (tx, request) => rollouts.rolloutStatus(this.ctx, tx, request));
  }

  /**
   * What routers call (their `RolloutControl`): writes a health decision or the completion of a rollout
   * only if the alias is still at `request.revision` with that rollout running; `latched` tells whether
   * this call wrote it.
   */
  latchRollout(flow: ResourceRef, alias: ResourceRef, request: LatchRolloutRequest): Answer<S, LatchRolloutAnswer> {
    return this.write(() => rollouts.parseLatch(flow, alias, request), (tx, parsed) => rollouts.latchRollout(this.ctx, tx, parsed));
  }

  /**
   * What routers call at the end of each health window: stores this process's counts and answers the
   * counts of the last `report.windows` windows summed over every process sharing the store.
   */
  recordRolloutOutcomes(flow: ResourceRef, alias: ResourceRef, report: OutcomeReport): Answer<S, readonly WindowCounts[]> {
    return this.write(() => rollouts.parseReport(flow, alias, report), (tx, parsed) => rollouts.recordOutcomes(this.ctx, tx, parsed));
  }

  /** The control plane's wall clock (ms), as rollouts are stamped with it. */
  wallClock(): number {
    return this.ctx.now();
  }

  private verb(flow: ResourceRef, alias: ResourceRef, verb: RolloutVerb, options: RolloutVerbOptions): Answer<S, AliasRecord> {
    return this.write(() => rollouts.parseVerb(flow, alias, verb, options), (tx, request) => rollouts.rolloutVerb(this.ctx, tx, request));
  }

  // ---- internals ----

  /** Runs a read program; `parse` reads the caller's input first (see `parseInput`). */
  private read<P, T, R = T>(parse: () => P, program: (tx: Parameters<StoreProgram<T>>[0], parsed: P) => ReturnType<StoreProgram<T>>, render?: (value: T) => R): Answer<S, R> {
    const parsed = readInput('request', parse);
    const finish = (value: T): R => (render === undefined ? (value as unknown as R) : render(value));
    if (this.store.synchronous) return finish(guardStore(() => this.store.read((tx) => program(tx, parsed)) as T)) as Answer<S, R>;
    return (this.store.read((tx) => program(tx, parsed)) as Promise<T>).then(finish, rethrowTyped) as Answer<S, R>;
  }

  /** Runs a write program in one transaction, then announces its changes. */
  private write<P, T>(parse: () => P, program: (tx: Parameters<StoreProgram<Outcome<T>>>[0], parsed: P) => ReturnType<StoreProgram<Outcome<T>>>): Answer<S, T> {
    const parsed = readInput('request', parse);
    let revision = 0;
    const run: StoreProgram<Outcome<T>> = function* (tx) {
      revision = yield* tx.nextRevision();
      return yield* program(tx, parsed);
    };
    const finish = (outcome: Outcome<T>): T => {
      this.feed.announce(revision, outcome.changes);
      return outcome.result;
    };
    if (this.store.synchronous) return finish(guardStore(() => this.store.write(run) as Outcome<T>)) as Answer<S, T>;
    return (this.store.write(run) as Promise<Outcome<T>>).then(finish, rethrowTyped) as Answer<S, T>;
  }
}

function toInternal(error: unknown): unknown {
  return isFlowAliasRouterException(error) ? error : new InternalServerException('the registry failed while running a change', { cause: error });
}

function guardStore<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw toInternal(error);
  }
}

function rethrowTyped(error: unknown): never {
  throw toInternal(error);
}
