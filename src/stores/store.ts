import type { AliasRecord, FlowRecord, VersionRecord } from '../registry/model.js';
import type { FirstResult } from '../registry/state.js';

/**
 * The store seam. The registry's rules are written once, as generator programs over a `StoreTx`; a store
 * runs them. Each `StoreTx` method is itself a small program: the memory store answers at once (it never
 * yields), the SQL stores yield the statements they need and get the rows back. So one program runs
 * synchronously on the memory and SQLite stores and asynchronously on PostgreSQL, and no rule knows SQL.
 */

/** A value bound to a SQL parameter. Integers beyond 2^53 never occur (revisions, counts, versions). */
export type SqlValue = string | number | null;

/** One SQL statement, with `?` placeholders (the PostgreSQL engine numbers them). */
export interface SqlQuery {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** A result row, column names as the SQL spells them. */
export type SqlRow = Readonly<Record<string, unknown>>;

/** One step of a store program: yields SQL statements (SQL stores only), is sent their rows, returns `T`. */
export type Step<T> = Generator<SqlQuery, T, readonly SqlRow[]>;

/** A flow with the number its next version gets (versions are never renumbered or reused). */
export interface FlowRow {
  readonly record: FlowRecord;
  readonly nextVersion: number;
}

/** What an idempotent create returned, kept under its `clientToken` with a fingerprint of the request. */
export interface TokenRow {
  /** SHA-256 (hex) of the canonical request, never the request itself. */
  readonly fingerprint: string;
  readonly result: FirstResult;
  /** Wall-clock ms when it was first used: tokens are purged after `CLIENT_TOKEN_TTL_MS`. */
  readonly createdAt: number;
}

/** How many client tokens a store keeps, in number, in bytes and in age. */
export interface TokenBounds {
  readonly maxTokens: number;
  readonly maxResultChars: number;
  readonly expiresBefore: number;
}

/** What claiming a signature nonce found: it is now held, it was held already, or its key holds its budget. */
export type NonceClaim = 'claimed' | 'used' | 'full';

/** An alias change as the store records it, in commit order. */
export interface StoredChange {
  /** The store revision of the write that made it. */
  readonly revision: number;
  readonly kind: 'created' | 'updated' | 'deleted';
  /** The alias ARN: what routers key their caches and sticky salts on. */
  readonly identity: string;
  readonly flowId: string;
  readonly aliasId: string;
}

/** One process's outcome counts of one health window of a rollout (schema migration 3). */
export interface OutcomeRow {
  readonly rolloutId: string;
  /** floor(control-plane ms / windowMs). */
  readonly window: number;
  readonly processId: string;
  readonly targetOk: number;
  readonly targetErrors: number;
  readonly baselineOk: number;
  readonly baselineErrors: number;
}

/** A window's counts summed over every process. */
export type OutcomeWindow = Omit<OutcomeRow, 'processId'>;

/** What the store holds, for quotas and for `usage()`. */
export interface StoreUsage {
  readonly flows: number;
  readonly versions: number;
  readonly aliases: number;
  readonly clientTokens: number;
  /** UTF-16 code units of flow and version definitions (JSON text), the bulk of a store. */
  readonly definitionBytes: number;
}

/**
 * The operations a registry program may use inside one transaction. Reads see every write committed
 * before the transaction and its own writes; write transactions are serialised (one store-wide lock), so
 * a program's checks still hold when it commits.
 */
export interface StoreTx {
  /** Takes the store-wide write lock (if not yet) and returns this transaction's revision. */
  nextRevision(): Step<number>;
  flowById(id: string): Step<FlowRow | undefined>;
  flowIdByName(name: string): Step<string | undefined>;
  listFlows(): Step<readonly FlowRecord[]>;
  version(flowId: string, version: string): Step<VersionRecord | undefined>;
  /** The numbered versions of a flow, oldest first. */
  listVersions(flowId: string): Step<readonly VersionRecord[]>;
  /** Which of `versions` exist for the flow. */
  existingVersions(flowId: string, versions: readonly string[]): Step<ReadonlySet<string>>;
  countVersions(flowId: string): Step<number>;
  alias(flowId: string, aliasId: string): Step<AliasRecord | undefined>;
  aliasIdByName(flowId: string, name: string): Step<string | undefined>;
  /** The stored aliases of a flow (never the built-in test alias), by ID. */
  listAliases(flowId: string): Step<readonly AliasRecord[]>;
  countAliases(flowId: string): Step<number>;
  clientToken(key: string): Step<TokenRow | undefined>;
  usage(): Step<StoreUsage>;

  /** Inserts or replaces a flow (its draft) and its next version number. */
  putFlow(row: FlowRow): Step<void>;
  /** Deletes a flow with its versions and aliases. */
  deleteFlow(flowId: string): Step<void>;
  putVersion(record: VersionRecord): Step<void>;
  deleteVersion(flowId: string, version: string): Step<void>;
  /** Inserts or replaces an alias. */
  putAlias(record: AliasRecord): Step<void>;
  deleteAlias(flowId: string, aliasId: string): Step<void>;
  /**
   * Remembers a token; forgets any older than `expiresBefore`, then the oldest while there are more than
   * `maxTokens` or their results (JSON) hold more than `maxResultChars` characters. A result larger than
   * `maxResultChars` alone is not remembered.
   */
  putClientToken(key: string, row: TokenRow, bounds: TokenBounds): Step<void>;
  /** Appends alias changes under this transaction's revision (the watch feed of the fleet). */
  recordChanges(changes: readonly Omit<StoredChange, 'revision'>[], revision: number): Step<void>;
  /**
   * Holds a request-signature nonce of `accessKeyId` until `expiresAt` (wall-clock ms), so that every
   * replica on the store refuses its replay: `used` when it is held and not expired, `full` when the key
   * already holds `maxPerKey` live nonces (one key's budget never touches another's). The key's expired
   * nonces are forgotten first. Takes no revision: nonces are not registry data and change no reader's view.
   */
  claimNonce(accessKeyId: string, nonce: string, expiresAt: number, now: number, maxPerKey: number): Step<NonceClaim>;
  /**
   * Inserts or replaces one process's counts of one window of a rollout, and forgets that rollout's windows
   * before `keepFromWindow`.
   */
  putOutcomes(row: OutcomeRow, keepFromWindow: number): Step<void>;
  /** A rollout's windows `from` to `to` (inclusive) that have counts, summed over processes, oldest first. */
  outcomeWindows(rolloutId: string, from: number, to: number): Step<readonly OutcomeWindow[]>;
  /** Forgets every count of a rollout (it ended). */
  deleteOutcomes(rolloutId: string): Step<void>;
}

/** A program over one transaction. */
export type StoreProgram<T> = (tx: StoreTx) => Step<T>;

/** The identity of a store's data: fixed when its schema is created, so a restore or a wipe shows. */
export interface StoreIdentity {
  readonly region: string;
  readonly account: string;
  /** A random ID made when the store was first created: a change of epoch means "forget everything". */
  readonly epoch: string;
}

interface StoreCommon {
  readonly kind: 'memory' | 'sqlite' | 'postgres';
  readonly identity: StoreIdentity;
  /**
   * Calls `wake` soon after another process commits a change (PostgreSQL: LISTEN/NOTIFY), and again whenever
   * it may have missed some (its listening connection was re-established). A hint only: it says nothing of
   * what changed, and a reader still polls `changesSince` as the backstop. Absent where nothing can wake it.
   */
  onCommit?(wake: () => void): () => void;
}

/** A store that answers at once: the in-memory store and SQLite. */
export interface SyncStore extends StoreCommon {
  readonly synchronous: true;
  read<T>(program: StoreProgram<T>): T;
  /** Runs `program` in one transaction: all of it is durable when this returns, or none of it happened. */
  write<T>(program: StoreProgram<T>): T;
  /** The revision of the last committed write. */
  revision(): number;
  /** Changes after `revision`, oldest first, at most `limit`; `undefined` when `revision` is older than retained. */
  changesSince(revision: number, limit: number): readonly StoredChange[] | undefined;
  close(): void;
}

/** A store over the network: PostgreSQL. */
export interface AsyncStore extends StoreCommon {
  readonly synchronous: false;
  read<T>(program: StoreProgram<T>): Promise<T>;
  write<T>(program: StoreProgram<T>): Promise<T>;
  revision(): Promise<number>;
  changesSince(revision: number, limit: number): Promise<readonly StoredChange[] | undefined>;
  close(): Promise<void>;
}

export type RegistryStore = SyncStore | AsyncStore;

/** Runs a program whose steps never yield SQL (the memory store's). */
export function runNow<T>(step: Step<T>): T {
  const next = step.next();
  if (next.done !== true) throw new TypeError('a memory-store program yielded SQL');
  return next.value;
}

/** Runs a program, executing each SQL statement it yields with `execute` (synchronous engines). */
export function runSync<T>(step: Step<T>, execute: (query: SqlQuery) => readonly SqlRow[]): T {
  let next = step.next();
  while (next.done !== true) next = step.next(execute(next.value));
  return next.value;
}

/** Runs a program, awaiting each SQL statement it yields with `execute` (PostgreSQL). */
export async function runAsync<T>(step: Step<T>, execute: (query: SqlQuery) => Promise<readonly SqlRow[]>): Promise<T> {
  let next = step.next();
  while (next.done !== true) next = step.next(await execute(next.value));
  return next.value;
}
