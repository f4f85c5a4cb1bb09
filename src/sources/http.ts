import { LRUCache } from 'lru-cache';
import { InternalServerException, ThrottlingException, ValidationException } from '../errors.js';
import type { AliasChange, AliasSource, RoutingConfig, SourceState, SourceStats } from '../router/source.js';
import type { RolloutRecord } from '../rollout/model.js';
import type { RoutingEntry } from '../routing/validate.js';
import type { AccessKey } from '../wire/sigv4-signer.js';
import { ChangeListeners, checkListenerErrorHandler, type ListenerErrorHandler } from './change-listeners.js';
import { ControlPlaneClient, parseJson, remoteError, type Answer } from './http-client.js';

export interface HttpAliasSourceOptions {
  /** Base URL of a `flow-alias-router serve` control plane, e.g. `http://10.0.0.5:8080`. */
  readonly endpoint: string;
  /** Signs every request with SigV4 (service `bedrock`); omit only for a server run with --insecure-no-auth. */
  readonly credentials?: AccessKey;
  /** The region in the SigV4 credential scope. Default `us-east-1`. */
  readonly region?: string;
  /** Per-request timeout in ms (a long poll gets its wait on top). Default 2,000. */
  readonly timeoutMs?: number;
  /** Largest response accepted, in bytes. Default 1 MiB. */
  readonly maxResponseBytes?: number;
  /**
   * Watch the control plane's change log (`GET /routing/changes`, one long poll at a time) once a Router
   * subscribes, so changes reach the Router within milliseconds. Default true. Turn it off where nothing
   * may run between requests (a frozen serverless function): the Router's `ttlMs` then bounds staleness.
   */
  readonly watch?: boolean;
  /** How long one long poll parks on the server, in seconds: 1 to 30. Default 20. */
  readonly watchWaitSeconds?: number;
  /** While the watch is down, revalidate every alias held this often (the TTL polling fallback). Default 5,000 ms. */
  readonly fallbackPollMs?: number;
  /** First delay before retrying a failed watch; it doubles on each failure, with jitter. Default 100 ms. */
  readonly retryMinMs?: number;
  /** Longest delay between watch retries. Default 10,000 ms. It never stops retrying. */
  readonly retryMaxMs?: number;
  /** Most aliases (as callers spell them) whose configs and ETags are held for revalidation. Default 10,000. */
  readonly maxAliases?: number;
  /** Draws in [0, 1) for the retry jitter, for tests. Default Math.random. */
  readonly random?: () => number;
  /** Told about a change listener that threw. Default: console.error. */
  readonly onListenerError?: ListenerErrorHandler;
}

/** `HttpAliasSource.stats()`: its state (see `SourceState`), where its watch stands, and counters since it started. */
export interface HttpSourceStats extends SourceStats {
  readonly watching: boolean;
  /** The store revision the watch has seen every change up to, or null before its first answer. */
  readonly revision: number | null;
  /** The store epoch the watch follows, or null before its first answer. */
  readonly epoch: string | null;
  /** How long the source has been unable to vouch that its configs are current (0 while `ready`), in ms. */
  readonly lagMs: number;
  /** Watch connections re-established after a failure. */
  readonly reconnects: number;
  /** Resets: the server said reset, the epoch changed, or the revision went back; each revalidates everything. */
  readonly resets: number;
  readonly watchErrors: number;
  /** Changes the watch reported. */
  readonly changes: number;
  /** Routing reads (loads and revalidations), and how many of them answered 304 Not Modified. */
  readonly requests: number;
  readonly notModified: number;
  /** Aliases held, and those waiting for a revalidation that failed or has not run yet. */
  readonly held: number;
  readonly pending: number;
  readonly lastError: string | null;
}

interface Held {
  readonly key: string;
  readonly flow: string;
  readonly alias: string;
  identity: string;
  config: RoutingConfig;
  etag: string | undefined;
  /** The watch generation this config is known current in (-1: fetched while the watch was not in sync). */
  validGen: number;
  /** Answer the next `getRouting` with this config at once: the source just told the Router it changed. */
  primed: boolean;
  /** The fetch that stored it: an older fetch finishing later never overwrites a newer one. */
  seq: number;
}

interface WatchBody {
  readonly epoch: string;
  readonly revision: number;
  readonly reset: boolean;
  readonly changes: readonly { readonly kind: AliasChange['kind']; readonly identity: string }[];
}

const KINDS = new Set(['created', 'updated', 'deleted']);
/** Concurrent routing reads while revalidating every alias held. */
const REVALIDATE_CONCURRENCY = 8;

function readConfig(payload: unknown): RoutingConfig {
  if (typeof payload !== 'object' || payload === null) throw new InternalServerException('the control plane answered no JSON object');
  const { entries, revision, identity, rollout, wallClockAt } = payload as Record<string, unknown>;
  if (!Array.isArray(entries)) throw new InternalServerException('the control plane answered no routing entries');
  return Object.freeze({
    entries: entries as RoutingEntry[],
    ...(typeof revision === 'number' || typeof revision === 'string' ? { revision } : {}),
    ...(typeof identity === 'string' && identity.length > 0 ? { identity } : {}),
    // The router checks a rollout whole before it sets a timer on it (src/router/rollout-driver.ts).
    ...(rollout === undefined || rollout === null ? {} : { rollout: rollout as RolloutRecord }),
    ...(typeof wallClockAt === 'number' ? { wallClockAt } : {}),
  });
}

function readWatch(payload: unknown): WatchBody {
  const body = payload as Partial<WatchBody> | undefined;
  if (
    typeof body !== 'object' ||
    body === null ||
    typeof body.epoch !== 'string' ||
    typeof body.revision !== 'number' ||
    !Number.isSafeInteger(body.revision) ||
    typeof body.reset !== 'boolean' ||
    !Array.isArray(body.changes) ||
    !body.changes.every((c) => typeof c === 'object' && c !== null && KINDS.has(c.kind) && typeof c.identity === 'string' && c.identity.length > 0)
  ) {
    throw new InternalServerException('the control plane answered a malformed change list');
  }
  return body as WatchBody;
}

function positive(value: unknown, field: string, fallback: number, min: number, max: number): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !Number.isFinite(resolved) || resolved < min || resolved > max) {
    throw new ValidationException(field, `must be a number from ${min} to ${max}`);
  }
  return resolved;
}

function keyOf(flow: string, alias: string): string {
  return `${flow.length}:${flow}${alias}`;
}

/**
 * An `AliasSource` that loads routing configs from a control-plane server over HTTP
 * (`GET /routing/flows/{flow}/aliases/{alias}`, with `If-None-Match`), so a fleet of routers shares one
 * registry. Once a Router subscribes it watches the server's change log (`GET /routing/changes`, one long
 * poll at a time, signed afresh each time): a change is refetched and then announced, so the Router forgets
 * the alias and its next pick, answered at once from the refetched config, uses the new one. On a reset, an
 * epoch change, a revision going back or a reconnect it revalidates every alias it holds; while the watch
 * fails it retries with jittered backoff, forever, and revalidates every `fallbackPollMs` meanwhile. While
 * the watch is in sync, a config it holds is known current and `getRouting` answers it synchronously, so
 * `pick` never waits on the network for an alias it has seen. `stats()` says how current it is.
 */
export class HttpAliasSource implements AliasSource {
  private readonly client: ControlPlaneClient;
  private readonly timeoutMs: number;
  private readonly watching: boolean;
  private readonly waitSeconds: number;
  private readonly fallbackPollMs: number;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly random: () => number;
  private readonly listeners: ChangeListeners;
  private readonly held: LRUCache<string, Held>;
  private readonly byIdentity = new Map<string, Set<string>>();
  private readonly refreshing = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly pending = new Set<string>();
  private seq = 0;
  private subscribers = 0;
  private closed = false;
  // The watch.
  private loop: Promise<void> | undefined;
  private revision: number | undefined;
  private epoch: string | undefined;
  /** Bumped on every baseline: configs fetched in an older generation are revalidated before being vouched for. */
  private syncGen = 0;
  private inSync = false;
  private everInSync = false;
  private failures = 0;
  private revalidating = 0;
  private fallbackTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private sleeping: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private outOfSyncSince: number | undefined = performance.now();
  private lastRequestOk = true;
  private lastError: string | null = null;
  private readonly counts = { reconnects: 0, resets: 0, watchErrors: 0, changes: 0, requests: 0, notModified: 0 };

  constructor(options: HttpAliasSourceOptions) {
    if (typeof options !== 'object' || options === null) throw new ValidationException('options', 'must be an object');
    this.timeoutMs = positive(options.timeoutMs, 'timeoutMs', 2000, 1, 600_000);
    const maxResponseBytes = positive(options.maxResponseBytes, 'maxResponseBytes', 1024 * 1024, 1, 1024 ** 3);
    this.client = new ControlPlaneClient(options.endpoint, options.credentials, options.region ?? 'us-east-1', maxResponseBytes);
    if (options.watch !== undefined && typeof options.watch !== 'boolean') throw new ValidationException('watch', 'must be a boolean');
    this.watching = options.watch ?? true;
    this.waitSeconds = positive(options.watchWaitSeconds, 'watchWaitSeconds', 20, 1, 30);
    this.fallbackPollMs = positive(options.fallbackPollMs, 'fallbackPollMs', 5000, 10, 3_600_000);
    this.retryMinMs = positive(options.retryMinMs, 'retryMinMs', 100, 1, 600_000);
    this.retryMaxMs = positive(options.retryMaxMs, 'retryMaxMs', 10_000, this.retryMinMs, 3_600_000);
    if (options.random !== undefined && typeof options.random !== 'function') throw new ValidationException('random', 'must be a function');
    this.random = options.random ?? Math.random;
    const maxAliases = positive(options.maxAliases, 'maxAliases', 10_000, 1, 10_000_000);
    this.listeners = new ChangeListeners(checkListenerErrorHandler(options.onListenerError, 'onListenerError'));
    this.held = new LRUCache<string, Held>({ max: maxAliases, dispose: (held) => this.unlink(held) });
  }

  getRouting(flow: string, alias: string): RoutingConfig | Promise<RoutingConfig> {
    const key = keyOf(flow, alias);
    const held = this.held.get(key);
    // The Router reloading an alias this source just announced: answer the config refetched for it at once,
    // so `pick` never waits on the network for a change (once; any other read asks the server, with its ETag).
    if (held !== undefined && held.primed) {
      held.primed = false;
      return held.config;
    }
    return this.load(flow, alias, key);
  }

  subscribe(onChange: (change: AliasChange) => void): () => void {
    const unsubscribe = this.listeners.subscribe(onChange);
    this.subscribers++;
    if (this.watching && this.loop === undefined && !this.closed) {
      this.loop = this.watchLoop().finally(() => (this.loop = undefined));
    }
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      unsubscribe();
      if (--this.subscribers === 0) this.wake();
    };
  }

  stats(): HttpSourceStats {
    const state = this.state();
    return {
      state,
      watching: this.watching,
      revision: this.revision ?? null,
      epoch: this.epoch ?? null,
      lagMs: state === 'ready' || this.outOfSyncSince === undefined ? 0 : Math.round(performance.now() - this.outOfSyncSince),
      ...this.counts,
      held: this.held.size,
      pending: this.pending.size,
      lastError: this.lastError,
    };
  }

  /** Stops watching and closes every connection. */
  close(): void {
    this.closed = true;
    clearInterval(this.fallbackTimer);
    clearTimeout(this.retryTimer);
    this.wake();
    this.client.close();
  }

  private state(): SourceState {
    if (!this.watching) return this.lastRequestOk ? 'ready' : 'error';
    if (this.inSync && this.pending.size === 0 && this.revalidating === 0) return 'ready';
    return this.lastRequestOk ? 'stale' : 'error';
  }

  private noteReadiness(): void {
    const ready = this.state() === 'ready';
    if (ready) this.outOfSyncSince = undefined;
    else this.outOfSyncSince ??= performance.now();
  }

  private succeeded(): void {
    this.lastRequestOk = true;
  }

  private failed(error: unknown): void {
    this.lastRequestOk = false;
    this.lastError = error instanceof Error ? error.message : String(error);
  }

  private aliasPath(flow: string, alias: string): string {
    return `/routing/flows/${encodeURIComponent(flow)}/aliases/${encodeURIComponent(alias)}`;
  }

  /** One conditional routing read. Resolves with the answer; network failures reject (typed). */
  private async read(flow: string, alias: string, etag: string | undefined): Promise<Answer> {
    this.counts.requests++;
    try {
      const answer = await this.client.get(this.aliasPath(flow, alias), {}, etag === undefined ? {} : { 'if-none-match': etag }, this.timeoutMs);
      if (answer.status >= 500 || answer.status === 429) throw remoteError(answer);
      this.succeeded();
      if (answer.status === 304) this.counts.notModified++;
      return answer;
    } catch (error) {
      this.failed(error);
      throw error;
    } finally {
      this.noteReadiness();
    }
  }

  private async load(flow: string, alias: string, key: string): Promise<RoutingConfig> {
    const seq = ++this.seq;
    const gen = this.inSync ? this.syncGen : -1;
    const previous = this.held.get(key);
    const answer = await this.read(flow, alias, previous?.etag);
    if (answer.status === 304 && previous !== undefined) {
      this.keep(key, flow, alias, previous.config, previous.etag, gen, seq);
      return previous.config;
    }
    if (answer.status !== 200) {
      if (answer.status === 404) this.held.delete(key);
      throw remoteError(answer);
    }
    const config = readConfig(parseJson(answer.body));
    const etag = answer.headers.etag;
    this.keep(key, flow, alias, config, typeof etag === 'string' ? etag : undefined, gen, seq);
    return config;
  }

  /** Holds what a read answered (unless a newer read already did), and revalidates it if it was read out of sync. */
  private keep(key: string, flow: string, alias: string, config: RoutingConfig, etag: string | undefined, gen: number, seq: number): Held | undefined {
    let held = this.held.get(key);
    if (held !== undefined && held.seq > seq) return undefined;
    const identity = config.identity ?? `${flow}/${alias}`;
    if (held === undefined || held.identity !== identity) {
      if (held !== undefined) this.unlink(held);
      held = { key, flow, alias, identity, config, etag, validGen: gen, primed: false, seq };
      this.held.set(key, held);
      let keys = this.byIdentity.get(identity);
      if (keys === undefined) this.byIdentity.set(identity, (keys = new Set()));
      keys.add(key);
    } else {
      held.config = config;
      held.etag = etag;
      held.validGen = gen;
      held.seq = seq;
    }
    // Read before the watch's baseline (or across a reconnect): a change may have slipped between. Look again.
    if (this.watching && this.subscribers > 0 && gen !== this.syncGen && this.inSync) void this.refresh(key, false);
    return held;
  }

  private unlink(held: Held): void {
    const keys = this.byIdentity.get(held.identity);
    if (keys !== undefined && keys.delete(held.key) && keys.size === 0) this.byIdentity.delete(held.identity);
    this.pending.delete(held.key);
  }

  /**
   * Rereads one alias (one at a time per alias; a request during one runs another after it). `announce`:
   * the watch reported a change, so the Router is told even if the config looks the same; otherwise
   * (revalidation) only when it differs. A failed read leaves the alias pending: the Router keeps its
   * table, and the retry timer or the fallback poll tries again.
   */
  private refresh(key: string, announce: boolean): Promise<void> {
    const running = this.refreshing.get(key);
    if (running !== undefined) {
      this.dirty.add(key);
      return running;
    }
    const run = (async () => {
      let tell = announce;
      do {
        if (this.dirty.delete(key)) tell = true;
        const held = this.held.get(key);
        if (held === undefined || this.closed) return;
        const seq = ++this.seq;
        const gen = this.inSync ? this.syncGen : -1;
        const sent = held.etag;
        let answer: Answer;
        try {
          answer = await this.read(held.flow, held.alias, sent);
        } catch {
          if (this.held.get(key) === held) this.pending.add(key);
          this.scheduleRetry();
          return;
        }
        const identity = held.identity;
        if (answer.status === 404) {
          this.held.delete(key);
          this.emit({ kind: 'deleted', identity });
        } else if (answer.status === 304) {
          const kept = this.keep(key, held.flow, held.alias, held.config, sent, gen, seq);
          if (kept !== undefined && tell) {
            kept.primed = true;
            this.emit({ kind: 'updated', identity });
          }
        } else if (answer.status === 200) {
          let config: RoutingConfig;
          try {
            config = readConfig(parseJson(answer.body));
          } catch (error) {
            this.failed(error);
            this.pending.add(key);
            this.scheduleRetry();
            return;
          }
          const etag = typeof answer.headers.etag === 'string' ? answer.headers.etag : undefined;
          const kept = this.keep(key, held.flow, held.alias, config, etag, gen, seq);
          if (kept !== undefined && (tell || etag !== sent || etag === undefined)) {
            kept.primed = true;
            this.emit({ kind: 'updated', identity });
            if (kept.identity !== identity) this.emit({ kind: 'updated', identity: kept.identity });
          }
        } else {
          // Any other refusal (403: keys rotated...): the Router keeps what it has; retry later.
          this.failed(remoteError(answer));
          this.pending.add(key);
          this.scheduleRetry();
          return;
        }
        if (gen === this.syncGen) this.pending.delete(key);
        tell = false;
      } while (this.dirty.has(key) && !this.closed);
    })().finally(() => {
      this.refreshing.delete(key);
      this.noteReadiness();
    });
    this.refreshing.set(key, run);
    return run;
  }

  /** Revalidates every alias held, a few at a time. */
  private async revalidateAll(): Promise<void> {
    this.revalidating++;
    try {
      const keys = [...this.held.keys()];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < keys.length && !this.closed) await this.refresh(keys[next++] as string, false);
      };
      await Promise.all(Array.from({ length: Math.min(REVALIDATE_CONCURRENCY, keys.length) }, worker));
    } finally {
      this.revalidating--;
      this.noteReadiness();
    }
  }

  private emit(change: AliasChange): void {
    if (!this.closed) this.listeners.notify(change);
  }

  private applyChanges(changes: WatchBody['changes']): void {
    this.counts.changes += changes.length;
    const last = new Map<string, AliasChange['kind']>();
    for (const change of changes) last.set(change.identity, change.kind);
    for (const [identity, kind] of last) {
      const keys = this.byIdentity.get(identity);
      // Not held: the Router has nothing to reload, but may hold the name as missing (a create).
      if (keys === undefined) this.emit({ kind, identity });
      else for (const key of [...keys]) void this.refresh(key, true);
    }
  }

  private backoff(): number {
    const ceiling = Math.min(this.retryMaxMs, this.retryMinMs * 2 ** Math.min(this.failures, 30));
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      for (const key of [...this.pending]) void this.refresh(key, false);
    }, this.backoff());
    this.retryTimer.unref();
  }

  private startFallback(): void {
    if (this.fallbackTimer !== undefined || this.closed) return;
    this.fallbackTimer = setInterval(() => {
      if (!this.inSync && this.revalidating === 0) void this.revalidateAll();
    }, this.fallbackPollMs);
    this.fallbackTimer.unref();
  }

  private stopFallback(): void {
    clearInterval(this.fallbackTimer);
    this.fallbackTimer = undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleeping = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeping = { timer, wake };
    });
  }

  private wake(): void {
    this.sleeping?.wake();
  }

  /** The watch: one long poll at a time, for as long as someone is subscribed and the source is open. */
  private async watchLoop(): Promise<void> {
    while (!this.closed && this.subscribers > 0) {
      try {
        const query: Record<string, string> =
          this.revision === undefined
            ? {}
            : { since: String(this.revision), wait: String(this.waitSeconds), ...(this.epoch === undefined ? {} : { epoch: this.epoch }) };
        const answer = await this.client.get('/routing/changes', query, {}, this.waitSeconds * 1000 + this.timeoutMs, true);
        if (answer.status !== 200) throw remoteError(answer);
        const body = readWatch(parseJson(answer.body));
        if (this.closed) return;
        this.succeeded();
        this.failures = 0;
        const epochChanged = this.epoch !== undefined && body.epoch !== this.epoch;
        const wentBack = this.revision !== undefined && body.revision < this.revision;
        if (!this.inSync || body.reset || epochChanged || wentBack) {
          if (this.everInSync && !this.inSync) this.counts.reconnects++;
          if (body.reset || epochChanged || wentBack) this.counts.resets++;
          this.revision = body.revision;
          this.epoch = body.epoch;
          this.syncGen++;
          this.inSync = true;
          this.everInSync = true;
          this.stopFallback();
          if (!body.reset && !epochChanged) this.applyChanges(body.changes);
          void this.revalidateAll();
        } else {
          this.applyChanges(body.changes);
          this.revision = body.revision;
          this.noteReadiness();
        }
      } catch (error) {
        if (this.closed) return;
        this.counts.watchErrors++;
        // Throttled (too many watchers on that replica): the control plane answers, the watch alone is refused.
        if (error instanceof ThrottlingException) this.lastError = error.message;
        else this.failed(error);
        this.inSync = false;
        this.noteReadiness();
        this.startFallback();
        this.failures++;
        await this.sleep(this.backoff());
      }
    }
  }
}
