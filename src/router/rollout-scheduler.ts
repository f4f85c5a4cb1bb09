/**
 * Where rollouts read the wall clock and set their timers: the system's by default, a manual one in tests
 * and in the demo's fast-forward act. The hot path never calls it: only step boundaries, health windows and
 * the slow path do.
 */
export interface RolloutScheduler {
  /** Wall-clock ms since the epoch (the rollout steps are stamped with the control plane's). */
  now(): number;
  /** Calls `run` once after `ms`; the system scheduler's timers are `unref()`'d, so they never keep a process alive. */
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** setTimeout's largest delay; a longer hold is waited in several timers. */
export const MAX_TIMER_MS = 2_147_483_647;

export const systemScheduler: RolloutScheduler = {
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, Math.min(Math.max(0, ms), MAX_TIMER_MS)).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface ManualTimer {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/**
 * A scheduler whose time moves only when told: `advance(ms)` runs every timer due on the way, in time
 * order, with `now()` set to each timer's time as it runs. For tests, and for the demo's fast-forward.
 */
export class ManualScheduler implements RolloutScheduler {
  private time: number;
  private seq = 0;
  private readonly timers = new Set<ManualTimer>();

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(run: () => void, ms: number): unknown {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, run };
    this.timers.add(timer);
    return timer;
  }

  clearTimer(handle: unknown): void {
    this.timers.delete(handle as ManualTimer);
  }

  /** Timers waiting to run. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, running each timer that falls due (at most 1,000,000, against a timer loop). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (let ran = 0; ran < 1_000_000; ran++) {
      let next: ManualTimer | undefined;
      for (const timer of this.timers) {
        if (timer.at <= end && (next === undefined || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq))) next = timer;
      }
      if (next === undefined) break;
      this.timers.delete(next);
      this.time = Math.max(this.time, next.at);
      next.run();
    }
    this.time = end;
  }

  /** Sets the time without running any timer: what a frozen process sees when it thaws. */
  jump(ms: number): void {
    this.time += ms;
  }
}
