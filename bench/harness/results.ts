/** The shape of bench/results/*.json: what the families produce, the gates read and the report renders. */

export type Mode = 'full' | 'ci';

/** Nanoseconds per operation over every batch of every round (mean, p99) and across rounds (median). */
export interface NsPerOp {
  readonly mean: number;
  readonly median: number;
  readonly p99: number;
}

/** One contender in one scenario: us, a floor, or an npm peer. */
export interface Row {
  /** What is measured, e.g. `pick.random` (cached random pick, hot key) or `pick.sticky`. */
  readonly scenario: string;
  /** Who: `flow-alias-router`, a floor (`floor`, `floor.sticky`, ...) or a peer's npm name. */
  readonly impl: string;
  /** Number of versions with weight > 0, where it applies. */
  readonly n: number | null;
  /** Weight shape, where a scenario measures several (selectors). */
  readonly shape?: string;
  readonly nsPerOp: NsPerOp;
  /** The row this one is divided by, round by round: `impl` of a row with the same scenario family and n. */
  readonly baseline: string | null;
  /** Median over rounds of (this row's median / the baseline's median in the same round). */
  readonly ratio: number | null;
  /** Smallest and largest per-round ratio: how much the machine moved during the run. */
  readonly ratioRange: readonly [number, number] | null;
  /** This row's median per op in each round, in round order: the raw material of every same-round ratio. */
  readonly roundMedians: readonly number[];
  /** This row's median over its baseline's in each round (empty without a baseline). */
  readonly roundRatios: readonly number[];
  /** Fresh processes the family ran in; their rounds are pooled (p99: the median of the processes' p99s). */
  readonly processes: number;
  /** Operations per timed batch and timed batches in all. */
  readonly batch: number;
  readonly samples: number;
  readonly note?: string;
}

export interface AllocationRow {
  readonly scenario: string;
  readonly impl: string;
  readonly n: number | null;
  readonly ops: number;
  /** Median over chunks of a million ops of (heap used after - before + bytes freed by GCs in the chunk) / ops. */
  readonly bytesPerOp: number;
  readonly gcs: number;
  /** The positive control: an op known to allocate, proving the method sees allocation. */
  readonly control: boolean;
}

export interface MemoryRow {
  readonly scenario: string;
  readonly aliases: number;
  readonly n: number;
  readonly bytesPerAlias: number;
  readonly note: string;
}

export interface ColdStart {
  readonly runs: number;
  /** Median wall time of a fresh `node` process that imports the package, and of one that does not. */
  readonly processWithImportMs: number;
  readonly bareProcessMs: number;
  /** Median over runs of the in-process `await import()` of the package, timed with performance.now(). */
  readonly importMs: number;
  readonly distBytes: number;
  readonly distJsBytes: number;
  /** Bytes of the package's own JavaScript that `import 'flow-alias-router'` loads. */
  readonly entryJsBytes: number;
  readonly entryModules: number;
  /** Runtime dependencies loaded at import, by package. */
  readonly dependencies: readonly string[];
  /**
   * Issue 13, by bare specifier in fresh processes, alternating: the in-process `await import()` of the root
   * entry and of `lru-cache` alone (medians), and the median of their per-pair ratio.
   */
  readonly rootImportMs?: number;
  readonly lruCacheImportMs?: number;
  readonly rootOverLruCache?: number;
  /** Wall time of a fresh process importing every public entry, minus a bare one (medians). */
  readonly allEntriesOverBareMs?: number;
  /**
   * A serverless handler's cold path, in a fresh process: import the root entry, construct a Router on a
   * MemorySource, the first pick; timed in process (median), and the process's wall time over a bare one.
   */
  readonly handlerMs?: number;
  readonly handlerOverBareMs?: number;
}

/**
 * Issue 13: one HTTP endpoint under load (autocannon, loopback, no pipelining), in rounds interleaved with
 * the bare `node:http` floor answering the same bytes; throughput ratios are taken within a round.
 */
export interface EndpointRow {
  /** `endpoint.pick` (the signed pick), `endpoint.get-flow-alias` (signed Bedrock GetFlowAlias) or `endpoint.floor`. */
  readonly scenario: string;
  readonly impl: string;
  /** Median over rounds of requests per second. */
  readonly requestsPerSecond: number;
  readonly roundRequestsPerSecond: readonly number[];
  /** Median over rounds of (this row's requests/s / the floor's in the same round); null for the floor. */
  readonly ratio: number | null;
  readonly ratioRange: readonly [number, number] | null;
  readonly roundRatios: readonly number[];
  /** Medians over rounds of autocannon's p50 and p99 latency. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers over every round (any fails the family). */
  readonly errors: number;
  readonly connections: number;
  readonly secondsPerRound: number;
  readonly note: string;
}

/** What one family (one fresh Node process) hands back. */
export interface FamilyOutput {
  readonly rows?: readonly Row[];
  readonly allocations?: readonly AllocationRow[];
  readonly memory?: readonly MemoryRow[];
  readonly coldStart?: ColdStart;
  readonly endpoints?: readonly EndpointRow[];
}

export interface GateOutcome {
  readonly id: string;
  readonly title: string;
  readonly reason: string;
  /** `measured <= threshold` or `measured >= threshold`, as `direction` says. */
  readonly direction: 'at most' | 'at least';
  readonly threshold: number;
  readonly goal: number | null;
  readonly measured: number | null;
  readonly unit: string;
  readonly pass: boolean;
  /** Why a missed gate does not fail the run yet (an open issue), or null for an enforced gate. */
  readonly pending: string | null;
  readonly goalMet: boolean | null;
  readonly attempts: number;
  readonly detail: string;
}

export interface Environment {
  readonly node: string;
  readonly v8: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpu: string;
  readonly cpus: number;
  readonly tinybench: string;
  readonly loadAverage: readonly number[];
  /** `name@version` of every npm peer measured. */
  readonly peers: readonly string[];
}

export interface Results {
  readonly schema: 1;
  readonly mode: Mode;
  readonly generatedAt: string;
  readonly durationS: number;
  readonly environment: Environment;
  readonly method: Readonly<Record<string, string | number>>;
  readonly rows: readonly Row[];
  readonly allocations: readonly AllocationRow[];
  readonly memory: readonly MemoryRow[];
  readonly coldStart: ColdStart | null;
  readonly endpoints?: readonly EndpointRow[];
  readonly gates: readonly GateOutcome[];
}
