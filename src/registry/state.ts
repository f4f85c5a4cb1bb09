import type { AliasRecord, FlowRecord, VersionRecord } from './model.js';

/** One flow and what hangs off it. Only the registry's commit step writes these fields. */
export interface FlowEntry {
  record: FlowRecord;
  /** The number the next version gets: versions are never renumbered or reused. */
  nextVersion: number;
  readonly versions: Map<string, VersionRecord>;
  readonly aliases: Map<string, AliasRecord>;
  readonly aliasIdsByName: Map<string, string>;
}

export function newFlowEntry(record: FlowRecord, nextVersion = 1): FlowEntry {
  return { record, nextVersion, versions: new Map(), aliases: new Map(), aliasIdsByName: new Map() };
}

/** What an idempotent create returned the first time, replayed for the same `clientToken` and request. */
export type FirstResult =
  | { readonly kind: 'flow'; readonly record: FlowRecord }
  | { readonly kind: 'version'; readonly record: VersionRecord }
  | { readonly kind: 'alias'; readonly record: AliasRecord };

export interface ClientTokenEntry {
  /** The request, canonicalised by the dialect: the same token with another request is a conflict. */
  readonly fingerprint: string;
  readonly result: FirstResult;
}

/** The `clientToken`s of recent creates, oldest forgotten first once `max` is reached. */
export class ClientTokens {
  private readonly entries = new Map<string, ClientTokenEntry>();

  constructor(private readonly max: number) {}

  get(key: string): ClientTokenEntry | undefined {
    return this.entries.get(key);
  }

  remember(key: string, entry: ClientTokenEntry): void {
    if (this.max === 0) return;
    this.entries.set(key, entry);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  list(): [string, ClientTokenEntry][] {
    return [...this.entries];
  }
}
