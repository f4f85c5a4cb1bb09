/**
 * The rollout model (docs/rollouts.md). A rollout lives inside its alias record, as plain JSON: the stores
 * keep records as JSON, so it needs no schema of its own. Everything here is data; `schedule.ts` turns a
 * rollout and a time into weights, `health.ts` turns outcome counts into a verdict.
 */

/** `running` and `paused` are active; `aborted` and `promoted` are final (`retry` starts a new rollout). */
export type RolloutState = 'running' | 'paused' | 'aborted' | 'promoted';

export const ROLLOUT_STATES: readonly RolloutState[] = ['running', 'paused', 'aborted', 'promoted'];

/** One step: the target's share of traffic in percent (0 to 100), held for `holdMs` milliseconds. */
export interface RolloutStep {
  readonly weight: number;
  readonly holdMs: number;
}

export type HealthAction = 'abort' | 'pause';

/**
 * When a rollout is unhealthy. Each window is judged on its own: too few samples for the target or the
 * baseline is `insufficient` (never acts); otherwise it breaches when the target's error rate is above
 * `maxErrorRate`, or above `maxErrorRatio` times the baseline's. `breachingWindows` consecutive breaching
 * windows make the decision, and `action` is what is written.
 */
export interface HealthPolicy {
  /** Least outcomes per window for each of the target and the baseline. 1 to 1,000,000. */
  readonly minSamples: number;
  /** Highest acceptable error rate of the target, 0 to 1. */
  readonly maxErrorRate: number;
  /** Highest acceptable ratio of the target's error rate to the baseline's, at least 1. */
  readonly maxErrorRatio: number;
  /** Length of a window in ms, 100 to 86,400,000; windows are aligned to the control plane's epoch. */
  readonly windowMs: number;
  /** Consecutive breaching windows before acting, 1 to 60. */
  readonly breachingWindows: number;
  readonly action: HealthAction;
}

/** Outcomes counted in one window. */
export interface OutcomeCounts {
  readonly ok: number;
  readonly errors: number;
}

/** One window as a health decision saw it. */
export interface WindowEvidence {
  /** Window number: floor(control-plane ms / windowMs). */
  readonly window: number;
  readonly target: OutcomeCounts;
  readonly baseline: OutcomeCounts;
  readonly verdict: 'healthy' | 'breach' | 'insufficient';
  /** Why it breached, when it did. */
  readonly reason?: string;
}

/** What a latched health decision writes into the rollout: the numbers it decided on. */
export interface BreachEvidence {
  readonly action: HealthAction;
  /** The alias revision the evaluator read. */
  readonly revision: number;
  readonly policy: HealthPolicy;
  readonly windows: readonly WindowEvidence[];
  /** Who decided: the router's `processId`. */
  readonly decidedBy: string;
  /** Whether the counts were the fleet's (aggregated in the store) or this process's only. */
  readonly scope: 'fleet' | 'process';
}

/** A rollout, as the alias record holds it. Timestamps are the control plane's wall clock, ISO-8601 UTC. */
export interface RolloutRecord {
  /** 10 characters `[0-9A-Za-z]`; a retry gets a new one. */
  readonly id: string;
  /** The version traffic moves to. */
  readonly target: string;
  readonly steps: readonly RolloutStep[];
  /** The preset the steps came from (`Canary10Percent5Minutes`, `LINEAR`, ...), or `custom`. */
  readonly preset: string;
  readonly health?: HealthPolicy;
  readonly state: RolloutState;
  /**
   * When step 0 began, as far as the clock of the steps is concerned: resume and skip move it so that the
   * elapsed time `now - startAt` lands where they mean. Weights at t are a pure function of the record and t.
   */
  readonly startAt: string;
  /** When this rollout (this id) was first started. */
  readonly startedAt: string;
  /** Paused only: the elapsed time the steps are frozen at. */
  readonly pausedElapsedMs?: number;
  /** Final states: when and why it ended. */
  readonly endedAt?: string;
  readonly endReason?: RolloutEndReason;
  /** A health decision's numbers (also kept when a paused rollout is resumed by hand). */
  readonly evidence?: BreachEvidence;
  /** 1 for a new rollout, +1 on each retry. */
  readonly attempt: number;
}

export type RolloutEndReason = 'promoted' | 'completed' | 'aborted' | 'health' | 'routing-changed' | 'superseded';

/** What a rollout verb does. */
export type RolloutVerb = 'pause' | 'resume' | 'promote' | 'abort' | 'retry' | 'skip';

export const ROLLOUT_VERBS: readonly RolloutVerb[] = ['pause', 'resume', 'promote', 'abort', 'retry', 'skip'];

/** A rollout that is running or paused (the guard narrows nothing away when it answers false). */
export type ActiveRollout = RolloutRecord & { readonly state: 'running' | 'paused' };

export function isActive(rollout: RolloutRecord | undefined): rollout is ActiveRollout {
  return rollout !== undefined && (rollout.state === 'running' || rollout.state === 'paused');
}

/** One process's outcome counts of one health window, as a router reports them to the control plane. */
export interface OutcomeReport {
  readonly rolloutId: string;
  readonly processId: string;
  /** Window number: floor(control-plane ms / windowMs). */
  readonly window: number;
  readonly target: { readonly ok: number; readonly errors: number };
  readonly baseline: { readonly ok: number; readonly errors: number };
  /** How many windows up to `window` to answer, summed over every process. 1 to 60. */
  readonly windows: number;
}
