import { ValidationException } from '../errors.js';
import { scratchDraw } from './selectors.js';
import { CompiledSelector, type SelectorName } from './selector.js';
import type { NormalizedRouting, RoutingEntry } from './validate.js';

export type { SelectorName };

/**
 * The compiled selector behind a table (internal: the router's hot path reads it, callers never see it).
 * Set once by RoutingTable's static block, so the selector stays in a private field.
 */
export let selectorOf: (table: RoutingTable) => CompiledSelector;

/**
 * An immutable compiled routing configuration: the value callers read. Selection goes through its internal
 * compiled selector, the same one `Router.pick` and `Router.explain` use, so every path picks alike. Tables
 * with the same content are shared (compileRouting), so a table is never compared by identity.
 */
export class RoutingTable {
  /** Versions with weight > 0, in canonical (code-unit) order: the indexes every selector returns. */
  readonly versions: readonly string[];
  readonly weights: readonly number[];
  readonly total: number;
  /** Every configured entry, weight-0 ones included, in the order given. */
  readonly entries: readonly RoutingEntry[];
  /** The selector chosen at compile time by the config's shape (docs/architecture.md, Compile once). */
  readonly selector: SelectorName;
  readonly #compiled: CompiledSelector;

  static {
    selectorOf = (table) => table.#compiled;
  }

  constructor(normalized: NormalizedRouting, selector: SelectorName) {
    const { versions, weights, total } = normalized;
    this.versions = Object.freeze(versions.slice());
    this.weights = Object.freeze(weights.slice());
    this.total = total;
    this.entries = Object.freeze(normalized.configured.map((entry) => Object.freeze({ ...entry })));
    this.selector = selector;
    this.#compiled = new CompiledSelector(versions, weights, total, selector);
    Object.freeze(this);
  }

  /** The version for `u`; throws `ValidationException` unless `u` is a number in [0, 1). */
  select(u: number): string {
    if (typeof u !== 'number' || !(u >= 0 && u < 1)) {
      throw new ValidationException('u', 'must be a number in [0, 1)');
    }
    const compiled = this.#compiled;
    return compiled.versions[compiled.indexOfAt(scratchDraw(u), 0)] as string;
  }

  /** The version a 32-bit key hash maps to (see `stickyHash`). */
  selectHash(keyHash: number): string {
    if (typeof keyHash !== 'number' || !Number.isInteger(keyHash) || keyHash < 0 || keyHash > 0xffffffff) {
      throw new ValidationException('keyHash', 'must be an unsigned 32-bit integer');
    }
    const compiled = this.#compiled;
    return compiled.versions[compiled.indexOfHash(keyHash)] as string;
  }

  /** Share of traffic configured for `version`: weight / total, 0 for versions not routed to. */
  share(version: string): number {
    const i = this.versions.indexOf(version);
    return i < 0 ? 0 : (this.weights[i] as number) / this.total;
  }
}
