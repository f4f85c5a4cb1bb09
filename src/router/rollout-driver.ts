import { compileRouting } from '../routing/compile.js';
import type { RoutingTable } from '../routing/table.js';
import type { RoutingEntry } from '../routing/validate.js';
import { decide, type HealthDecision, type WindowCounts } from '../rollout/health.js';
import { isActive, type BreachEvidence, type HealthPolicy, type RolloutRecord } from '../rollout/model.js';
import { readRolloutRecord } from '../rollout/read.js';
import { positionAt, routingAt, type RolloutPosition } from '../rollout/schedule.js';
import type { CacheEntry } from './entry.js';
import type { RolloutControl } from './rollout-control.js';
import type { RolloutScheduler } from './rollout-scheduler.js';
import type { RouterObserver } from '../observability/observer.js';

/**
 * Rollouts evaluated in the router (docs/rollouts.md). Nothing here runs on the hot path: a driver compiles
 * the current step's table once and swaps it into the cache entry from a timer at each step boundary (and
 * when the slow path notices a boundary passed); `pick` keeps reading `entry.table` as it always does.
 */

/** A decision this process made and applied to itself, kept by rollout id so a reload does not undo it. */
interface LocalLatch {
  readonly state: 'aborted' | 'paused';
  readonly percent: number;
  readonly step: number;
  readonly evidence: BreachEvidence;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** What explain() and stats() show of an alias's rollout. */
export interface RolloutSummary {
  readonly id: string;
  readonly target: string;
  /** The stored state, or the state this process latched locally. */
  readonly state: RolloutRecord['state'];
  readonly phase: RolloutPosition['phase'];
  readonly step: number;
  readonly steps: number;
  /** The target's share in percent, as this router routes now. */
  readonly percent: number;
  /** Control-plane ms of the next step boundary, or null. */
  readonly nextStepAt: number | null;
  /** This process's clock minus the control plane's, measured when the alias was loaded (ms). */
  readonly clockOffsetMs: number;
  /** The last health decision, or null (no policy, or no window closed yet). */
  readonly health: {
    readonly verdict: HealthDecision['verdict'];
    readonly scope: 'fleet' | 'process';
    readonly windows: HealthDecision['windows'];
  } | null;
  /** A decision this process applied without the control plane (no control, or the write failed). */
  readonly localDecision: 'aborted' | 'paused' | null;
}

/** What the drivers share: owned by one Router. */
export class RolloutHub {
  readonly rings = new Map<string, HealthRing>();
  readonly latches = new Map<string, LocalLatch>();
  private readonly work = new Set<Promise<unknown>>();
  /** Told when a rollout steps or latches (events; src/observability/observer.ts). */
  observer: RouterObserver | undefined = undefined;

  constructor(
    readonly scheduler: RolloutScheduler,
    readonly control: RolloutControl | undefined,
    readonly processId: string,
    readonly swap: (entry: CacheEntry, table: RoutingTable) => void,
    readonly onError: (error: unknown) => void,
  ) {}

  /**
   * The driver for a loaded config with a rollout (checked whole: a remote answer is not trusted with
   * timers), or null without one. `staticTable` is the compiled `entries`.
   */
  driverFor(
    config: { readonly rollout?: unknown; readonly wallClockAt?: unknown; readonly entries: readonly RoutingEntry[] },
    flow: string,
    alias: string,
    revision: number | string | undefined,
    staticTable: RoutingTable,
  ): RolloutDriver | null {
    if (config.rollout === undefined) return null;
    const record = readRolloutRecord(config.rollout, 'rollout');
    const at = config.wallClockAt;
    const offsetMs = typeof at === 'number' && Number.isFinite(at) ? at - this.scheduler.now() : 0;
    return new RolloutDriver(this, record, config.entries, offsetMs, flow, alias, revision, staticTable);
  }

  track(work: PromiseLike<unknown>): void {
    const promise = Promise.resolve(work).then(undefined, (error: unknown) => this.onError(error));
    this.work.add(promise);
    void promise.finally(() => this.work.delete(promise));
  }

  /** Resolves once every report and latch in flight has answered. */
  async settle(): Promise<void> {
    for (let round = 0; round < 100 && this.work.size > 0; round++) await Promise.all([...this.work]);
  }

  close(): void {
    for (const ring of this.rings.values()) ring.stop();
    this.rings.clear();
    this.latches.clear();
  }
}

export class RolloutDriver {
  position: RolloutPosition;
  private timer: unknown = undefined;
  private readonly tables = new Map<number, RoutingTable>();
  private entry: CacheEntry | undefined = undefined;
  private ring: HealthRing | undefined = undefined;
  private completing = false;
  private stopped = false;

  constructor(
    private readonly hub: RolloutHub,
    readonly record: RolloutRecord,
    private readonly baseline: readonly RoutingEntry[],
    readonly offsetMs: number,
    readonly flow: string,
    readonly alias: string,
    readonly revision: number | string | undefined,
    private readonly staticTable: RoutingTable,
  ) {
    this.position = this.current();
    // Compiled here, on the load, so a bad rollout fails the load rather than a timer.
    this.tableFor(this.position);
  }

  /** The control plane's time as this process estimates it. */
  controlPlaneNow(): number {
    return this.hub.scheduler.now() + this.offsetMs;
  }

  /** The table for where the rollout stands now. */
  table(): RoutingTable {
    return this.tableFor(this.position);
  }

  /** Starts the timers once the entry is cached. */
  start(entry: CacheEntry): void {
    this.entry = entry;
    if (!isActive(this.record)) return;
    this.schedule();
    const policy = this.record.health;
    if (policy !== undefined && this.record.state === 'running') {
      let ring = this.hub.rings.get(this.record.id);
      if (ring === undefined) {
        ring = new HealthRing(this.hub, this.record.id, this.record.target, this.baseline, policy);
        this.hub.rings.set(this.record.id, ring);
      }
      ring.attach(this);
      this.ring = ring;
    }
    this.completeIfDone();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.hub.scheduler.clearTimer(this.timer);
    this.timer = undefined;
    this.ring?.detach(this);
  }

  /** HOT PATH of recordOutcome: counts into the preallocated ring; no allocation, no clock. */
  countOutcome(version: string, ok: boolean): void {
    if (this.ring !== undefined) this.ring.record(version, ok);
  }

  /** Recomputes the position (slow path, timers); swaps the entry's table when the weights moved. */
  check(): void {
    if (this.stopped || this.entry === undefined) return;
    const next = this.current();
    const previous = this.position;
    const moved = next.percent !== previous.percent || next.phase !== previous.phase;
    if (moved) this.hub.swap(this.entry, this.tableFor(next));
    this.position = next;
    if (moved || next.step !== previous.step) this.hub.observer?.stepped(this, previous, next);
    this.completeIfDone();
  }

  summary(): RolloutSummary {
    const latch = this.hub.latches.get(this.record.id);
    const ring = this.ring;
    return {
      id: this.record.id,
      target: this.record.target,
      state: latch !== undefined && isActive(this.record) ? latch.state : this.record.state,
      phase: this.position.phase,
      step: this.position.step,
      steps: this.record.steps.length,
      percent: this.position.percent,
      nextStepAt: this.position.nextAt,
      clockOffsetMs: this.offsetMs === 0 ? 0 : -this.offsetMs,
      health: ring?.decision === undefined ? null : { verdict: ring.decision.verdict, scope: ring.scope, windows: ring.decision.windows },
      localDecision: latch !== undefined && isActive(this.record) ? latch.state : null,
    };
  }

  /** A breach the health ring decided: applied here at once, and written through the control plane if there is one. */
  breach(decision: HealthDecision, scope: 'fleet' | 'process', policy: HealthPolicy): void {
    if (this.stopped || this.record.state !== 'running' || this.position.phase !== 'running' || this.hub.latches.has(this.record.id)) return;
    const evidence: BreachEvidence = {
      action: policy.action,
      revision: typeof this.revision === 'number' ? this.revision : 0,
      policy,
      windows: decision.windows,
      decidedBy: this.hub.processId,
      scope,
    };
    const state = policy.action === 'abort' ? 'aborted' : 'paused';
    this.hub.latches.set(this.record.id, { state, percent: this.position.percent, step: this.position.step, evidence });
    this.hub.observer?.latched(this, state, evidence);
    this.check();
    const control = this.hub.control;
    if (control === undefined || typeof this.revision !== 'number') return;
    this.call(() => control.latchRollout(this.flow, this.alias, { rolloutId: this.record.id, revision: evidence.revision, state, evidence }));
  }

  private call(run: () => unknown): void {
    try {
      const answer = run();
      if (isThenable(answer)) this.hub.track(answer);
    } catch (error) {
      this.hub.onError(error);
    }
  }

  /** Every hold passed: the first router to see it asks the control plane to promote (conditioned like a breach). */
  private completeIfDone(): void {
    const control = this.hub.control;
    if (this.completing || this.position.phase !== 'complete' || control === undefined || typeof this.revision !== 'number') return;
    this.completing = true;
    const revision = this.revision;
    this.call(() => control.latchRollout(this.flow, this.alias, { rolloutId: this.record.id, revision, state: 'promoted' }));
  }

  private current(): RolloutPosition {
    const latch = this.hub.latches.get(this.record.id);
    if (latch !== undefined && isActive(this.record)) {
      return latch.state === 'aborted'
        ? { step: -1, percent: 0, elapsedMs: 0, nextAt: null, phase: 'aborted' }
        : { step: latch.step, percent: latch.percent, elapsedMs: 0, nextAt: null, phase: 'paused' };
    }
    return positionAt(this.record, this.controlPlaneNow());
  }

  private tableFor(position: RolloutPosition): RoutingTable {
    // A final rollout's routing is the alias's entries themselves; so is an aborted one's (the baseline).
    if (!isActive(this.record) || position.phase === 'aborted') return this.staticTable;
    let table = this.tables.get(position.percent);
    if (table === undefined) {
      table = compileRouting(routingAt(this.record, this.baseline, position));
      this.tables.set(position.percent, table);
    }
    return table;
  }

  private schedule(): void {
    if (this.timer !== undefined) this.hub.scheduler.clearTimer(this.timer);
    this.timer = undefined;
    const nextAt = this.position.nextAt;
    if (this.stopped || nextAt === null) return;
    this.timer = this.hub.scheduler.setTimer(() => {
      this.timer = undefined;
      this.check();
      this.schedule();
    }, nextAt - this.controlPlaneNow());
  }
}

/**
 * Outcome counts of one running rollout in this process: `breachingWindows + 1` windows of four counters
 * (target ok, target errors, baseline ok, baseline errors) in one preallocated Float64Array. `record` adds
 * to the current window's slot, which only the window timer moves: no clock read, no allocation per call.
 */
export class HealthRing {
  readonly buckets: Float64Array;
  readonly windows: Float64Array;
  private slot = 0;
  private readonly size: number;
  private readonly baselineVersions: string[];
  private timer: unknown = undefined;
  private drivers: RolloutDriver[] = [];
  private idleTicks = 0;
  decision: HealthDecision | undefined = undefined;
  scope: 'fleet' | 'process' = 'process';

  constructor(
    private readonly hub: RolloutHub,
    private readonly rolloutId: string,
    private readonly target: string,
    baseline: readonly RoutingEntry[],
    private readonly policy: HealthPolicy,
  ) {
    this.size = policy.breachingWindows + 1;
    this.buckets = new Float64Array(this.size * 4);
    this.windows = new Float64Array(this.size).fill(-1);
    this.baselineVersions = baseline.filter((e) => e.version !== target).map((e) => e.version);
  }

  attach(driver: RolloutDriver): void {
    this.drivers.push(driver);
    if (this.timer === undefined) {
      const window = Math.floor(driver.controlPlaneNow() / this.policy.windowMs);
      this.windows[this.slot] = window;
      this.scheduleTick(driver, window);
    }
  }

  detach(driver: RolloutDriver): void {
    this.drivers = this.drivers.filter((d) => d !== driver);
  }

  stop(): void {
    if (this.timer !== undefined) this.hub.scheduler.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** HOT PATH (recordOutcome): one compare per baseline version at most, one store. */
  record(version: string, ok: boolean): void {
    let side = -1;
    if (version === this.target) side = 0;
    else {
      const versions = this.baselineVersions;
      for (let i = 0; i < versions.length; i++) {
        if (versions[i] === version) {
          side = 2;
          break;
        }
      }
    }
    if (side < 0) return;
    this.buckets[this.slot * 4 + side + (ok ? 0 : 1)]! += 1;
  }

  private scheduleTick(driver: RolloutDriver, window: number): void {
    const endsAt = (window + 1) * this.policy.windowMs;
    this.timer = this.hub.scheduler.setTimer(() => this.tick(), endsAt - driver.controlPlaneNow());
  }

  /** A window ended: move to the next slot (zeroed), then judge the window that closed. */
  private tick(): void {
    this.timer = undefined;
    const driver = this.drivers[this.drivers.length - 1];
    if (driver === undefined) {
      // No cached alias uses this rollout any more: keep counting a little (a reload may come), then go.
      if (++this.idleTicks > this.size) {
        this.hub.rings.delete(this.rolloutId);
        return;
      }
    } else this.idleTicks = 0;
    const closedSlot = this.slot;
    const closed = this.windows[closedSlot] as number;
    const now = driver?.controlPlaneNow() ?? this.hub.scheduler.now();
    const current = Math.max(closed + 1, Math.floor(now / this.policy.windowMs));
    this.slot = (closedSlot + 1) % this.size;
    this.buckets.fill(0, this.slot * 4, this.slot * 4 + 4);
    this.windows[this.slot] = current;
    if (driver !== undefined) {
      this.scheduleTick(driver, current);
      this.evaluate(driver, closed, closedSlot);
    } else {
      this.timer = this.hub.scheduler.setTimer(() => this.tick(), this.policy.windowMs);
    }
  }

  private countsAt(slot: number): WindowCounts {
    const b = this.buckets;
    const at = slot * 4;
    return {
      window: this.windows[slot] as number,
      target: { ok: b[at] as number, errors: b[at + 1] as number },
      baseline: { ok: b[at + 2] as number, errors: b[at + 3] as number },
    };
  }

  private evaluate(driver: RolloutDriver, window: number, slot: number): void {
    const control = this.hub.control;
    const local = this.countsAt(slot);
    if (control?.recordRolloutOutcomes === undefined) {
      const counts: WindowCounts[] = [];
      for (let i = 0; i < this.size; i++) if (i !== this.slot && (this.windows[i] as number) >= 0) counts.push(this.countsAt(i));
      this.conclude(driver, window, counts, 'process');
      return;
    }
    const report = { rolloutId: this.rolloutId, processId: this.hub.processId, window, target: local.target, baseline: local.baseline, windows: this.policy.breachingWindows };
    try {
      const answer = control.recordRolloutOutcomes(driver.flow, driver.alias, report);
      if (isThenable(answer)) this.hub.track(Promise.resolve(answer).then((counts) => this.conclude(driver, window, counts, 'fleet')));
      else this.conclude(driver, window, answer, 'fleet');
    } catch (error) {
      this.hub.onError(error);
    }
  }

  private conclude(driver: RolloutDriver, window: number, counts: readonly WindowCounts[], scope: 'fleet' | 'process'): void {
    const decision = decide(this.policy, window, counts);
    this.decision = decision;
    this.scope = scope;
    if (decision.verdict === 'breach') driver.breach(decision, scope, this.policy);
  }
}
