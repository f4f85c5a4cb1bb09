import { ValidationException } from '../errors.js';
import { checkEnum, checkInteger, readFields } from '../input/fields.js';
import { isPlainObject } from '../input/json-document.js';
import type { RolloutStep } from './model.js';

/**
 * The anchors' deployment shapes as steps. A rollout always ends with the target at 100 % once the last
 * hold has passed, so a canary is one step and a linear rollout is one step per increment below 100 %.
 *
 * - CodeDeploy (Lambda): `TimeBasedCanary { canaryPercentage, canaryInterval }`, `TimeBasedLinear
 *   { linearPercentage, linearInterval }` (minutes) and the predefined `CodeDeployDefault.Lambda*` configs.
 * - Step Functions: `DeploymentPreference { Type: CANARY | LINEAR | ALL_AT_ONCE, Percentage 1 to 99,
 *   Interval 1 to 2100 minutes }`. CodeDeploy's API documents both as integers without a range; we apply
 *   Step Functions' ranges to both.
 */

/** A plan for `startRollout`: the steps and the name of the preset they came from. */
export interface RolloutPlan {
  readonly preset: string;
  readonly steps: readonly RolloutStep[];
}

export const MIN_PERCENT = 1;
export const MAX_PERCENT = 99;
export const MIN_INTERVAL_MINUTES = 1;
export const MAX_INTERVAL_MINUTES = 2100;
/** Most steps in a rollout (custom steps included). */
export const MAX_STEPS = 100;
/** Longest hold of one step: 31 days. */
export const MAX_HOLD_MS = 31 * 24 * 3_600_000;

const MINUTE_MS = 60_000;

function checkShape(percent: unknown, interval: unknown, fields: { percent: string; interval: string }): [number, number] {
  return [
    checkInteger(percent, fields.percent, MIN_PERCENT, MAX_PERCENT),
    checkInteger(interval, fields.interval, MIN_INTERVAL_MINUTES, MAX_INTERVAL_MINUTES),
  ];
}

function canarySteps(percent: number, intervalMinutes: number): RolloutStep[] {
  return [{ weight: percent, holdMs: intervalMinutes * MINUTE_MS }];
}

function linearSteps(percent: number, intervalMinutes: number): RolloutStep[] {
  const steps: RolloutStep[] = [];
  for (let weight = percent; weight < 100; weight += percent) steps.push({ weight, holdMs: intervalMinutes * MINUTE_MS });
  return steps;
}

/** `percent` % to the target for `interval` minutes, then 100 % (CodeDeploy TimeBasedCanary, Step Functions CANARY). */
export function canary(percent: number, interval: number): RolloutPlan {
  const [p, i] = checkShape(percent, interval, { percent: 'percent', interval: 'interval' });
  return Object.freeze({ preset: `canary(${p}, ${i})`, steps: Object.freeze(canarySteps(p, i)) });
}

/** `percent` % more every `interval` minutes until 100 % (CodeDeploy TimeBasedLinear, Step Functions LINEAR). */
export function linear(percent: number, interval: number): RolloutPlan {
  const [p, i] = checkShape(percent, interval, { percent: 'percent', interval: 'interval' });
  return Object.freeze({ preset: `linear(${p}, ${i})`, steps: Object.freeze(linearSteps(p, i)) });
}

/** Everything at once (CodeDeploy AllAtOnce, Step Functions ALL_AT_ONCE): no steps, 100 % at the start. */
export function allAtOnce(): RolloutPlan {
  return Object.freeze({ preset: 'AllAtOnce', steps: Object.freeze([]) });
}

/** CodeDeploy's predefined Lambda deployment configurations. */
export const CODEDEPLOY_PRESETS: Readonly<Record<string, () => RolloutStep[]>> = Object.freeze({
  Canary10Percent5Minutes: () => canarySteps(10, 5),
  Canary10Percent10Minutes: () => canarySteps(10, 10),
  Canary10Percent15Minutes: () => canarySteps(10, 15),
  Canary10Percent30Minutes: () => canarySteps(10, 30),
  Linear10PercentEvery1Minute: () => linearSteps(10, 1),
  Linear10PercentEvery2Minutes: () => linearSteps(10, 2),
  Linear10PercentEvery3Minutes: () => linearSteps(10, 3),
  Linear10PercentEvery10Minutes: () => linearSteps(10, 10),
  AllAtOnce: () => [],
});

const CODEDEPLOY_PREFIX = 'CodeDeployDefault.Lambda';
const STEP_FUNCTIONS_TYPES = ['CANARY', 'LINEAR', 'ALL_AT_ONCE'] as const;
const STEP_FUNCTIONS_KEYS: ReadonlySet<string> = new Set(['type', 'percentage', 'interval']);

/**
 * A preset as a caller names it: a CodeDeploy configuration name (`Canary10Percent5Minutes`, also as
 * `CodeDeployDefault.LambdaCanary10Percent5Minutes`), or a Step Functions deployment preference
 * `{ type, percentage, interval }` (percentage and interval are not taken with ALL_AT_ONCE).
 */
export function readPreset(value: unknown, field: string): RolloutPlan {
  if (typeof value === 'string') {
    const name = value.startsWith(CODEDEPLOY_PREFIX) ? value.slice(CODEDEPLOY_PREFIX.length) : value;
    const make = Object.hasOwn(CODEDEPLOY_PRESETS, name) ? CODEDEPLOY_PRESETS[name] : undefined;
    if (make === undefined) {
      throw new ValidationException(field, `must be one of ${Object.keys(CODEDEPLOY_PRESETS).join(', ')}, or { type, percentage, interval }`);
    }
    return Object.freeze({ preset: name, steps: Object.freeze(make()) });
  }
  if (!isPlainObject(value)) throw new ValidationException(field, 'must be a CodeDeploy configuration name or { type, percentage, interval }');
  const f = readFields(value, field, STEP_FUNCTIONS_KEYS);
  const type = checkEnum(f.type, `${field}.type`, STEP_FUNCTIONS_TYPES);
  if (type === 'ALL_AT_ONCE') {
    for (const key of ['percentage', 'interval'] as const) {
      if (f[key] !== undefined) throw new ValidationException(`${field}.${key}`, 'is not taken with ALL_AT_ONCE');
    }
    return Object.freeze({ preset: 'ALL_AT_ONCE', steps: Object.freeze([]) });
  }
  const [p, i] = checkShape(f.percentage, f.interval, { percent: `${field}.percentage`, interval: `${field}.interval` });
  const steps = type === 'CANARY' ? canarySteps(p, i) : linearSteps(p, i);
  return Object.freeze({ preset: `${type}(${p}, ${i})`, steps: Object.freeze(steps) });
}
