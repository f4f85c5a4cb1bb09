/** A monotonic clock in milliseconds (like `performance.now`): never goes back, unrelated to the date. */
export type MonotonicClock = () => number;

export const performanceClock: MonotonicClock = () => performance.now();

/**
 * A clock read at most once per `resolutionMs` (lru-cache's approach): the cached reading is cleared by an
 * unref'd timer, so a TTL check on the hot path is usually a field load instead of `performance.now()`.
 * With resolution 0 every read goes to the clock (exact, for injected test clocks).
 */
export class CoarseClock {
  private cached = -1;
  private readonly clear = (): void => {
    this.cached = -1;
  };

  constructor(
    private readonly clock: MonotonicClock,
    private readonly resolutionMs: number,
  ) {}

  now(): number {
    return this.cached >= 0 ? this.cached : this.read();
  }

  private read(): number {
    const now = this.clock();
    if (this.resolutionMs > 0) {
      this.cached = now;
      setTimeout(this.clear, this.resolutionMs).unref();
    }
    return now;
  }
}
