import type { OutcomeReport } from '../rollout/model.js';
import type { WindowCounts } from '../rollout/health.js';
import type { BreachEvidence } from '../rollout/model.js';

/**
 * What a router writes rollout decisions through: the control plane. The `FlowRegistry` is one (a router
 * whose source is a registry uses it by default), on any store; with a shared store (SQLite between
 * processes, PostgreSQL for a fleet) `recordRolloutOutcomes` sums every process's counts.
 */
export interface RolloutControl {
  /** Writes the decision only if the alias is still at `request.revision` with that rollout running. */
  latchRollout(
    flow: string,
    alias: string,
    request: {
      readonly rolloutId: string;
      readonly revision: number;
      readonly state: 'aborted' | 'paused' | 'promoted';
      readonly evidence?: BreachEvidence;
    },
  ): { readonly latched: boolean } | PromiseLike<{ readonly latched: boolean }>;
  /** Adds this process's counts of a window; answers the last `windows` windows summed over every process. */
  recordRolloutOutcomes?(
    flow: string,
    alias: string,
    report: OutcomeReport,
  ): readonly WindowCounts[] | PromiseLike<readonly WindowCounts[]>;
}

export function isRolloutControl(value: unknown): value is RolloutControl {
  return typeof value === 'object' && value !== null && typeof (value as RolloutControl).latchRollout === 'function';
}
