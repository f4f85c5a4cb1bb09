import { ValidationException } from '../errors.js';
import { checkEnum, checkInteger, checkString, readFields } from '../input/fields.js';
import { childPath, isPlainObject } from '../input/json-document.js';
import { MAX_VERSION_LENGTH } from '../routing/limits.js';
import {
  ROLLOUT_STATES,
  type BreachEvidence,
  type HealthPolicy,
  type OutcomeCounts,
  type RolloutRecord,
  type RolloutStep,
  type WindowEvidence,
} from './model.js';
import { MAX_HOLD_MS, MAX_STEPS } from './presets.js';

/** Readers for the rollout's parts: each throws `ValidationException` naming the field at fault. */

const STEP_KEYS: ReadonlySet<string> = new Set(['weight', 'holdMs']);

/** Custom steps: 1 to 100, each `{ weight: 0..100 (percent, never falling), holdMs: 0..31 days }`. */
export function readSteps(value: unknown, field: string): readonly RolloutStep[] {
  if (!Array.isArray(value)) throw new ValidationException(field, 'must be an array of { weight, holdMs }');
  if (value.length > MAX_STEPS) throw new ValidationException(field, `must have at most ${MAX_STEPS} steps`);
  let previous = 0;
  return Object.freeze(
    value.map((raw: unknown, i) => {
      const at = childPath(field, i);
      const f = readFields(raw, at, STEP_KEYS);
      const weight = checkInteger(f.weight, `${at}.weight`, 0, 100);
      if (weight < previous) throw new ValidationException(`${at}.weight`, `must not be below the previous step's ${previous}`);
      previous = weight;
      return Object.freeze({ weight, holdMs: checkInteger(f.holdMs, `${at}.holdMs`, 0, MAX_HOLD_MS) });
    }),
  );
}

const HEALTH_KEYS: ReadonlySet<string> = new Set(['minSamples', 'maxErrorRate', 'maxErrorRatio', 'windowMs', 'breachingWindows', 'action']);

function checkNumber(value: unknown, field: string, min: number, max: number): number {
  if (value === undefined) throw new ValidationException(field, 'is required');
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationException(field, 'must be a number');
  if (value < min || value > max) throw new ValidationException(field, `must be ${min} to ${max}`);
  return value;
}

export function readHealthPolicy(value: unknown, field: string): HealthPolicy {
  const f = readFields(value, field, HEALTH_KEYS);
  return Object.freeze({
    minSamples: checkInteger(f.minSamples, `${field}.minSamples`, 1, 1_000_000),
    maxErrorRate: checkNumber(f.maxErrorRate, `${field}.maxErrorRate`, 0, 1),
    maxErrorRatio: checkNumber(f.maxErrorRatio, `${field}.maxErrorRatio`, 1, 1000),
    windowMs: checkInteger(f.windowMs, `${field}.windowMs`, 100, 86_400_000),
    breachingWindows: checkInteger(f.breachingWindows, `${field}.breachingWindows`, 1, 60),
    action: checkEnum(f.action, `${field}.action`, ['abort', 'pause'] as const),
  });
}

export const ROLLOUT_ID_PATTERN = /^[0-9A-Za-z]{10}$/;

function checkTime(value: unknown, field: string): string {
  const text = checkString(value, field, { max: 32 });
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || new Date(ms).toISOString() !== text) throw new ValidationException(field, 'must be an ISO-8601 UTC timestamp');
  return text;
}

function readCounts(value: unknown, field: string): OutcomeCounts {
  const f = readFields(value, field, new Set(['ok', 'errors']));
  return Object.freeze({ ok: checkInteger(f.ok, `${field}.ok`, 0, Number.MAX_SAFE_INTEGER), errors: checkInteger(f.errors, `${field}.errors`, 0, Number.MAX_SAFE_INTEGER) });
}

const WINDOW_KEYS: ReadonlySet<string> = new Set(['window', 'target', 'baseline', 'verdict', 'reason']);
const EVIDENCE_KEYS: ReadonlySet<string> = new Set(['action', 'revision', 'policy', 'windows', 'decidedBy', 'scope']);

export function readEvidence(value: unknown, field: string): BreachEvidence {
  const f = readFields(value, field, EVIDENCE_KEYS);
  if (!Array.isArray(f.windows) || f.windows.length > 60) throw new ValidationException(`${field}.windows`, 'must be an array of at most 60 windows');
  const windows = f.windows.map((raw: unknown, i): WindowEvidence => {
    const at = childPath(`${field}.windows`, i);
    const w = readFields(raw, at, WINDOW_KEYS);
    return Object.freeze({
      window: checkInteger(w.window, `${at}.window`, 0, Number.MAX_SAFE_INTEGER),
      target: readCounts(w.target, `${at}.target`),
      baseline: readCounts(w.baseline, `${at}.baseline`),
      verdict: checkEnum(w.verdict, `${at}.verdict`, ['healthy', 'breach', 'insufficient'] as const),
      ...(w.reason === undefined ? {} : { reason: checkString(w.reason, `${at}.reason`, { max: 512 }) }),
    });
  });
  return Object.freeze({
    action: checkEnum(f.action, `${field}.action`, ['abort', 'pause'] as const),
    revision: checkInteger(f.revision, `${field}.revision`, 1, Number.MAX_SAFE_INTEGER),
    policy: readHealthPolicy(f.policy, `${field}.policy`),
    windows: Object.freeze(windows),
    decidedBy: checkString(f.decidedBy, `${field}.decidedBy`, { max: 128 }),
    scope: checkEnum(f.scope, `${field}.scope`, ['fleet', 'process'] as const),
  });
}

const RECORD_KEYS: ReadonlySet<string> = new Set([
  'id',
  'target',
  'steps',
  'preset',
  'health',
  'state',
  'startAt',
  'startedAt',
  'pausedElapsedMs',
  'endedAt',
  'endReason',
  'evidence',
  'attempt',
]);
const END_REASONS = ['promoted', 'completed', 'aborted', 'health', 'routing-changed', 'superseded'] as const;

/**
 * A stored or received rollout record, checked whole: how a snapshot and a remote source's answer are read
 * (a router never trusts the wire with its timers).
 */
export function readRolloutRecord(value: unknown, field: string): RolloutRecord {
  if (!isPlainObject(value)) throw new ValidationException(field, 'must be an object');
  const f = readFields(value, field, RECORD_KEYS);
  const state = checkEnum(f.state, `${field}.state`, ROLLOUT_STATES);
  const record: RolloutRecord = {
    id: checkString(f.id, `${field}.id`, { max: 10, min: 10, pattern: ROLLOUT_ID_PATTERN }),
    target: checkString(f.target, `${field}.target`, { max: MAX_VERSION_LENGTH }),
    steps: readSteps(f.steps, `${field}.steps`),
    preset: checkString(f.preset, `${field}.preset`, { max: 64 }),
    ...(f.health === undefined ? {} : { health: readHealthPolicy(f.health, `${field}.health`) }),
    state,
    startAt: checkTime(f.startAt, `${field}.startAt`),
    startedAt: checkTime(f.startedAt, `${field}.startedAt`),
    ...(f.pausedElapsedMs === undefined ? {} : { pausedElapsedMs: checkInteger(f.pausedElapsedMs, `${field}.pausedElapsedMs`, 0, MAX_HOLD_MS * MAX_STEPS) }),
    ...(f.endedAt === undefined ? {} : { endedAt: checkTime(f.endedAt, `${field}.endedAt`) }),
    ...(f.endReason === undefined ? {} : { endReason: checkEnum(f.endReason, `${field}.endReason`, END_REASONS) }),
    ...(f.evidence === undefined ? {} : { evidence: readEvidence(f.evidence, `${field}.evidence`) }),
    attempt: checkInteger(f.attempt, `${field}.attempt`, 1, 1_000_000),
  };
  if (state === 'paused' && record.pausedElapsedMs === undefined) throw new ValidationException(`${field}.pausedElapsedMs`, 'is required when paused');
  return Object.freeze(record);
}
