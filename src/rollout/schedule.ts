import { ValidationException } from '../errors.js';
import { MAX_WEIGHT } from '../routing/limits.js';
import type { RoutingEntry } from '../routing/validate.js';
import type { RolloutRecord, RolloutStep } from './model.js';

/** Where a rollout stands at one instant. */
export interface RolloutPosition {
  /** The index of the current step; `steps.length` once every hold has passed (the target has 100 %). */
  readonly step: number;
  /** The target's share of traffic in percent. */
  readonly percent: number;
  /** Milliseconds of the step clock elapsed (frozen while paused). */
  readonly elapsedMs: number;
  /** Control-plane ms of the next step boundary; null when paused, complete or final. */
  readonly nextAt: number | null;
  /** `complete`: running, with every hold passed (the target has 100 % until someone promotes). */
  readonly phase: 'running' | 'paused' | 'complete' | 'aborted' | 'promoted';
}

/** The end of each step on the step clock: `ends[i]` is the sum of the holds of steps 0 to i. */
export function stepEnds(steps: readonly RolloutStep[]): number[] {
  const ends: number[] = [];
  let sum = 0;
  for (const step of steps) {
    sum += step.holdMs;
    ends.push(sum);
  }
  return ends;
}

/** The step at an elapsed time: the first whose end lies after it, or `steps.length` when all have passed. */
export function stepAt(steps: readonly RolloutStep[], elapsedMs: number): number {
  let end = 0;
  for (let i = 0; i < steps.length; i++) {
    end += (steps[i] as RolloutStep).holdMs;
    if (elapsedMs < end) return i;
  }
  return steps.length;
}

/** The step clock's start of step `index` (the sum of the holds before it). */
export function stepStart(steps: readonly RolloutStep[], index: number): number {
  let start = 0;
  for (let i = 0; i < index && i < steps.length; i++) start += (steps[i] as RolloutStep).holdMs;
  return start;
}

function percentOf(steps: readonly RolloutStep[], step: number): number {
  return step >= steps.length ? 100 : (steps[step] as RolloutStep).weight;
}

/**
 * A pure function of the rollout and the control plane's time `nowMs`: every router holding the same
 * revision computes the same position for the same instant. A time before `startAt` (a clock behind the
 * control plane's) counts as the start.
 */
export function positionAt(rollout: RolloutRecord, nowMs: number): RolloutPosition {
  const steps = rollout.steps;
  switch (rollout.state) {
    case 'aborted':
      return { step: -1, percent: 0, elapsedMs: 0, nextAt: null, phase: 'aborted' };
    case 'promoted':
      return { step: steps.length, percent: 100, elapsedMs: 0, nextAt: null, phase: 'promoted' };
    case 'paused': {
      const elapsedMs = rollout.pausedElapsedMs ?? 0;
      const step = stepAt(steps, elapsedMs);
      return { step, percent: percentOf(steps, step), elapsedMs, nextAt: null, phase: 'paused' };
    }
    default: {
      const startAt = Date.parse(rollout.startAt);
      const elapsedMs = Math.max(0, nowMs - startAt);
      const step = stepAt(steps, elapsedMs);
      if (step >= steps.length) return { step, percent: 100, elapsedMs, nextAt: null, phase: 'complete' };
      return { step, percent: percentOf(steps, step), elapsedMs, nextAt: startAt + stepStart(steps, step + 1), phase: 'running' };
    }
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The routing of an alias while its target has `percent` % of the traffic: the target's weight is
 * `percent * S` and every other version's is `w * (100 - percent)`, where the others' weights `w` (divided
 * by their common divisor) sum to `S`. The others keep their ratios exactly, so their sticky races are
 * unchanged (docs/rollouts.md, sticky keys). Weight-0 entries stay, at 0. At 0 % the target is absent from
 * selection; at 100 % only the target is.
 */
export function rolloutRouting(baseline: readonly RoutingEntry[], target: string, percent: number): RoutingEntry[] {
  const others = baseline.filter((e) => e.version !== target);
  const divisor = others.reduce((g, e) => (e.weight > 0 ? gcd(e.weight, g) : g), 0);
  if (divisor === 0) throw new ValidationException('target', 'is the only version the alias routes to: there is no baseline to move traffic from');
  const sum = others.reduce((s, e) => s + e.weight / divisor, 0);
  if (sum * 100 > MAX_WEIGHT) {
    throw new ValidationException('routing', `weights too fine for a rollout: the baseline's weights, reduced, must sum to at most ${Math.floor(MAX_WEIGHT / 100)}`);
  }
  const entries = others.map((e) => ({ version: e.version, weight: (e.weight / divisor) * (100 - percent) }));
  entries.push({ version: target, weight: percent * sum });
  return entries;
}

/** Checks that a rollout from `baseline` to `target` can be expressed in integer weights (see `rolloutRouting`). */
export function checkRolloutRouting(baseline: readonly RoutingEntry[], target: string): void {
  rolloutRouting(baseline, target, 0);
}

/** The routing a rollout's position gives: the baseline when aborted, the target alone when promoted. */
export function routingAt(rollout: RolloutRecord, baseline: readonly RoutingEntry[], position: RolloutPosition): readonly RoutingEntry[] {
  if (position.phase === 'aborted') return baseline;
  if (position.phase === 'promoted') return [{ version: rollout.target, weight: 1 }];
  return rolloutRouting(baseline, rollout.target, position.percent);
}
