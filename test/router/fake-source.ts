import { ResourceNotFoundException, type AliasChange, type AliasSource, type RoutingConfig, type RoutingEntry } from '../../test/all-entries.js';

interface Deferred {
  readonly flow: string;
  readonly alias: string;
  resolve(config: RoutingConfig): void;
  reject(error: unknown): void;
}

/** A scriptable source: synchronous or manually resolved, failing on demand, counting calls. */
export class FakeSource implements AliasSource {
  readonly configs = new Map<string, RoutingConfig>();
  readonly pending: Deferred[] = [];
  private readonly listeners = new Set<(change: AliasChange) => void>();
  calls = 0;
  failWith: unknown = undefined;
  private revision = 0;

  constructor(readonly mode: 'sync' | 'manual' = 'sync') {}

  set(flow: string, alias: string, entries: readonly RoutingEntry[], notify = true): void {
    const identity = `${flow}/${alias}`;
    const kind = this.configs.has(identity) ? 'updated' : 'created';
    this.configs.set(identity, { entries, revision: ++this.revision, identity });
    if (notify) for (const listener of this.listeners) listener({ kind, identity });
  }

  getRouting(flow: string, alias: string): RoutingConfig | Promise<RoutingConfig> {
    this.calls++;
    if (this.mode === 'manual') {
      return new Promise((resolve, reject) => this.pending.push({ flow, alias, resolve, reject }));
    }
    return this.answer(flow, alias);
  }

  /** Settles the oldest manual request with the current state (or the failure set). */
  settle(): void {
    const next = this.pending.shift();
    if (next === undefined) throw new Error('nothing pending');
    try {
      next.resolve(this.answer(next.flow, next.alias));
    } catch (error) {
      next.reject(error);
    }
  }

  emit(change: AliasChange): void {
    for (const listener of this.listeners) listener(change);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  subscribe(onChange: (change: AliasChange) => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  private answer(flow: string, alias: string): RoutingConfig {
    if (this.failWith !== undefined) throw this.failWith;
    const config = this.configs.get(`${flow}/${alias}`);
    if (config === undefined) throw new ResourceNotFoundException(`${flow}/${alias} not found`);
    return config;
  }
}

export const ALL_ON_TWO: readonly RoutingEntry[] = [{ version: '2', weight: 1 }];
