import { ResourceNotFoundException, ValidationException } from '../errors.js';
import { defaultIdentity, type AliasChange, type AliasSource, type RoutingConfig } from '../router/source.js';
import { normalizeRouting, type RoutingEntry } from '../routing/validate.js';
import { ChangeListeners, checkListenerErrorHandler, type ListenerErrorHandler } from './change-listeners.js';

export interface MemorySourceOptions {
  /** Told about a change listener that threw (the change is committed regardless). Default: `console.error`. */
  readonly onListenerError?: ListenerErrorHandler;
}

/**
 * The smallest in-process `AliasSource`: routing configs set by hand, validated on `set`, with synchronous
 * change events. For static configurations, tests and demos; the `FlowRegistry` is the full control plane.
 */
export class MemorySource implements AliasSource {
  private readonly configs = new Map<string, Map<string, RoutingConfig>>();
  private readonly listeners: ChangeListeners;
  private revision = 0;

  constructor(options: MemorySourceOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new ValidationException('options', 'must be an object');
    this.listeners = new ChangeListeners(checkListenerErrorHandler(options.onListenerError, 'onListenerError'));
  }

  getRouting(flow: string, alias: string): RoutingConfig {
    const config = this.configs.get(flow)?.get(alias);
    if (config === undefined) {
      throw new ResourceNotFoundException(`alias ${JSON.stringify(alias)} of flow ${JSON.stringify(flow)} was not found`);
    }
    return config;
  }

  /** Creates or replaces an alias's routing. Throws `ValidationException` and changes nothing on bad input. */
  set(flow: string, alias: string, entries: readonly RoutingEntry[]): RoutingConfig {
    if (typeof flow !== 'string' || flow.length === 0) throw new ValidationException('flow', 'must be a non-empty string');
    if (typeof alias !== 'string' || alias.length === 0) throw new ValidationException('alias', 'must be a non-empty string');
    const normalized = normalizeRouting(entries);
    let byAlias = this.configs.get(flow);
    const kind = byAlias?.has(alias) === true ? 'updated' : 'created';
    if (byAlias === undefined) {
      byAlias = new Map();
      this.configs.set(flow, byAlias);
    }
    const identity = defaultIdentity(flow, alias);
    const config: RoutingConfig = Object.freeze({
      entries: Object.freeze(normalized.configured.map((entry) => Object.freeze({ ...entry }))),
      revision: ++this.revision,
      identity,
    });
    byAlias.set(alias, config);
    this.listeners.notify({ kind, identity });
    return config;
  }

  /** Deletes an alias; returns whether it existed. */
  delete(flow: string, alias: string): boolean {
    const byAlias = this.configs.get(flow);
    if (byAlias === undefined || !byAlias.delete(alias)) return false;
    if (byAlias.size === 0) this.configs.delete(flow);
    this.listeners.notify({ kind: 'deleted', identity: defaultIdentity(flow, alias) });
    return true;
  }

  /** Calls `onChange` synchronously inside every `set` and `delete` that changes an alias, after it is applied. */
  subscribe(onChange: (change: AliasChange) => void): () => void {
    return this.listeners.subscribe(onChange);
  }
}
