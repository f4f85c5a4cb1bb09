import type { JsonValue } from '../input/json-document.js';
import type { RolloutRecord } from '../rollout/model.js';
import type { RoutingEntry } from '../routing/validate.js';

/**
 * The registry's native model. Every record is a deeply frozen, JSON-serialisable plain object: a change
 * replaces the record, so a record (or a snapshot holding it) never changes after it is handed out.
 * Timestamps are ISO-8601 strings in UTC with milliseconds.
 */

/** `Prepared` once `prepareFlow` has run on the current draft; any update makes it `NotPrepared` again. */
export type FlowStatus = 'NotPrepared' | 'Prepared';

export type Tags = Readonly<Record<string, string>>;

/** What a flow's draft holds, and a version keeps of it (with its own description). */
export interface Draft {
  readonly description?: string;
  /** A Bedrock FlowDefinition object or a CloudFlow FDL string. */
  readonly definition?: JsonValue;
  /** Bedrock `executionRoleArn`, CloudFlow `RoleArn`. */
  readonly executionRoleArn?: string;
  readonly customerEncryptionKeyArn?: string;
}

/** A flow: its identity and its working draft (`DRAFT`). */
export interface FlowRecord extends Draft {
  /** 10 characters `[0-9A-Za-z]`, generated. */
  readonly id: string;
  /** Unique in the registry, and never equal to another flow's ID. */
  readonly name: string;
  readonly status: FlowStatus;
  readonly tags: Tags;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** An immutable numbered version: the draft as it was when the version was created, with its own description. */
export interface VersionRecord extends Draft {
  readonly flowId: string;
  /** "1", "2", ... never reused after a delete. */
  readonly version: string;
  /** The flow's name when the version was created. */
  readonly name: string;
  /** The flow's status when the version was created. */
  readonly status: FlowStatus;
  readonly createdAt: string;
}

export type ConcurrencyType = 'Automatic' | 'Manual';

/** Bedrock's `FlowAliasConcurrencyConfiguration`, kept as given. */
export interface Concurrency {
  readonly type: ConcurrencyType;
  readonly maxConcurrency?: number;
}

export interface AliasRecord {
  readonly flowId: string;
  /** 10 characters `[0-9A-Za-z]`, generated; `TSTALIASID` for the built-in test alias. */
  readonly id: string;
  /** Unique within the flow, and never equal to another of the flow's alias IDs. */
  readonly name: string;
  readonly description?: string;
  /** In the caller's order, weight-0 entries included; every version exists (or is `DRAFT`). */
  readonly routing: readonly RoutingEntry[];
  readonly concurrency?: Concurrency;
  readonly tags: Tags;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** 1 on create, +1 on every update. */
  readonly revision: number;
  /**
   * The alias's rollout, the last one until another starts (docs/rollouts.md). While it is active, `routing`
   * is the starting routing (what abort returns to); the weights routers use are a function of both and t.
   */
  readonly rollout?: RolloutRecord;
}

/** The built-in test alias of every flow: routes to `DRAFT`, can be read and routed through, never changed. */
export const TEST_ALIAS_ID = 'TSTALIASID';
export const DRAFT_VERSION = 'DRAFT';
