import type { RoutingTable } from '../routing/table.js';
import type { CacheEntry } from './entry.js';
import type { PickMode } from './explain.js';

/** What one explained pick decided: the rest of an explanation is the entry's and its table's. */
export interface ExplainedPick {
  readonly entry: CacheEntry;
  readonly index: number;
  readonly mode: PickMode;
  readonly u: number | null;
  readonly keyHash: number | null;
  readonly stale: boolean;
}

/** The JSON text of an entry's explanations that does not change from pick to pick, for one table. */
interface Fragments {
  readonly table: RoutingTable;
  /** Each version as JSON, by index. */
  readonly versions: readonly string[];
  /** `,"flow":…,"alias":…,"identity":…,"revision":…,"mode":` */
  readonly head: string;
  /** `,"selector":…,"u":` */
  readonly selector: string;
  /** `,"weights":[…],"stale":` */
  readonly weights: string;
}

/** The weights of an explanation: each version's weight and share of the total. */
export function explainedWeights(table: RoutingTable): { version: string; weight: number; share: number }[] {
  return table.entries.map((e) => ({ version: e.version, weight: e.weight, share: e.weight / table.total }));
}

/**
 * `JSON.stringify(router.explain(...))`, written from fragments kept per cached entry and table: the pick
 * endpoint's answer without building the record and serialising it again on every request (about 3 µs a
 * request in the server). Numbers are written as JSON writes them (`String` of a finite number); the
 * rollout summary, which changes as the rollout moves, is serialised on each call. Kept in a WeakMap, so an
 * embedded router that never answers JSON holds nothing more per alias.
 */
export class ExplanationJson {
  private readonly fragments = new WeakMap<CacheEntry, Fragments>();

  text(pick: ExplainedPick, flow: string, alias: string, rollout: unknown): string {
    const f = this.fragmentsOf(pick.entry, flow, alias);
    const u = pick.u === null ? 'null' : String(pick.u);
    const keyHash = pick.keyHash === null ? 'null' : String(pick.keyHash);
    const tail = rollout === undefined ? '}' : `,"rollout":${JSON.stringify(rollout)}}`;
    return `{"version":${f.versions[pick.index] as string}${f.head}"${pick.mode}"${f.selector}${u},"keyHash":${keyHash}${f.weights}${pick.stale ? 'true' : 'false'}${tail}`;
  }

  private fragmentsOf(entry: CacheEntry, flow: string, alias: string): Fragments {
    const table = entry.table;
    const kept = this.fragments.get(entry);
    // The caller's spelling is the entry's (the index is keyed by it); a rollout step swaps the table.
    if (kept !== undefined && kept.table === table && entry.flow === flow && entry.alias === alias) return kept;
    const made: Fragments = {
      table,
      versions: table.versions.map((v) => JSON.stringify(v)),
      head: `,"flow":${JSON.stringify(flow)},"alias":${JSON.stringify(alias)},"identity":${JSON.stringify(entry.identity)},"revision":${JSON.stringify(entry.revision ?? null)},"mode":`,
      selector: `,"selector":${JSON.stringify(table.selector)},"u":`,
      weights: `,"weights":${JSON.stringify(explainedWeights(table))},"stale":`,
    };
    this.fragments.set(entry, made);
    return made;
  }
}
