import type { OutcomeReport } from '../../rollout/model.js';
import { ConflictException, ResourceNotFoundException, ValidationException } from '../../errors.js';
import { checkEnum, checkInteger, checkString, readFields } from '../../input/fields.js';
import { decide, type HealthDecision, type WindowCounts } from '../../rollout/health.js';
import { isActive, type BreachEvidence, type HealthPolicy, type RolloutRecord, type RolloutStep, type RolloutVerb } from '../../rollout/model.js';
import { readPreset, type RolloutPlan } from '../../rollout/presets.js';
import { readEvidence, readHealthPolicy, readSteps, ROLLOUT_ID_PATTERN } from '../../rollout/read.js';
import { checkRolloutRouting, positionAt, routingAt, stepStart, type RolloutPosition } from '../../rollout/schedule.js';
import type { RoutingEntry } from '../../routing/validate.js';
import type { Step, StoreTx } from '../../stores/store.js';
import { checkNotTestAlias } from '../checks.js';
import type { RegistryContext } from '../context.js';
import { readRef, type Ref } from '../inputs.js';
import type { AliasRecord, FlowRecord } from '../model.js';
import { aliasRecord, flowRow } from '../resolve.js';
import { VERSION_NUMBER_PATTERN } from '../rules.js';
import { aliasChange, committed, type Outcome } from './outcome.js';

/**
 * The rollout rules (docs/rollouts.md), written once as programs over a store like the alias operations:
 * every verb is one write of the alias record (its revision goes up by one) with defined final weights.
 */

export interface StartRolloutInput {
  /** The version traffic moves to: a numbered version of the flow. */
  readonly target: string;
  /** A CodeDeploy configuration name or a Step Functions `{ type, percentage, interval }`; or give `steps`. */
  readonly preset?: string | { readonly type: string; readonly percentage?: number; readonly interval?: number };
  readonly steps?: readonly RolloutStep[];
  readonly health?: HealthPolicy;
}

export interface RolloutVerbOptions {
  /** Refuse (ConflictException) unless the alias is still at this revision. */
  readonly expectedRevision?: number;
}

/** A rollout and where it stands now, for `status` displays. */
export interface RolloutStatus {
  readonly flowId: string;
  readonly aliasId: string;
  readonly revision: number;
  readonly rollout: RolloutRecord;
  readonly position: RolloutPosition;
  /** The weights routers use now. */
  readonly routing: readonly RoutingEntry[];
  /** The alias's stored routing: the starting routing while the rollout is active. */
  readonly baseline: readonly RoutingEntry[];
  /** The control plane's wall clock when it answered (ms since the epoch). */
  readonly wallClockAt: number;
  /**
   * With a health policy: the decision the counts routers reported to this store give for the last closed
   * windows (the fleet's numbers; empty windows are insufficient). Null without a policy.
   */
  readonly health: HealthDecision | null;
}

/** A latched decision: written only if the alias is still at `revision` with rollout `rolloutId` running. */
export interface LatchRolloutRequest {
  readonly rolloutId: string;
  readonly revision: number;
  /** `aborted` or `paused` (a health breach, with `evidence`), or `promoted` (every hold has passed). */
  readonly state: 'aborted' | 'paused' | 'promoted';
  readonly evidence?: BreachEvidence;
}

export interface LatchRolloutAnswer {
  /** Whether this call wrote the decision; false when another evaluator (or a verb) already moved the alias on. */
  readonly latched: boolean;
  readonly alias: AliasRecord;
}

export type { OutcomeReport };

// ---- parsing ----

const START_KEYS: ReadonlySet<string> = new Set(['target', 'preset', 'steps', 'health']);

export interface StartRolloutRequest {
  readonly flow: Ref;
  readonly alias: Ref;
  readonly target: string;
  readonly plan: RolloutPlan;
  readonly health: HealthPolicy | undefined;
}

export function parseStartRollout(flow: unknown, alias: unknown, input: unknown): StartRolloutRequest {
  const f = readFields(input, '', START_KEYS);
  const target = checkString(f.target, 'target', { max: 5, pattern: VERSION_NUMBER_PATTERN, patternText: 'a version number' });
  if (f.preset !== undefined && f.steps !== undefined) throw new ValidationException('steps', 'give either preset or steps, not both');
  let plan: RolloutPlan;
  if (f.steps !== undefined) {
    const steps = readSteps(f.steps, 'steps');
    if (steps.length === 0) throw new ValidationException('steps', 'must have at least one step (or use the AllAtOnce preset)');
    plan = { preset: 'custom', steps };
  } else if (f.preset !== undefined) plan = readPreset(f.preset, 'preset');
  else throw new ValidationException('preset', 'is required (or give steps)');
  return {
    flow: readRef(flow, 'flow'),
    alias: readRef(alias, 'alias'),
    target,
    plan,
    health: f.health === undefined ? undefined : readHealthPolicy(f.health, 'health'),
  };
}

export interface VerbRequest {
  readonly flow: Ref;
  readonly alias: Ref;
  readonly verb: RolloutVerb;
  readonly expectedRevision: number | undefined;
}

export function parseVerb(flow: unknown, alias: unknown, verb: RolloutVerb, options: unknown): VerbRequest {
  const f = readFields(options ?? {}, 'options', new Set(['expectedRevision']));
  return {
    flow: readRef(flow, 'flow'),
    alias: readRef(alias, 'alias'),
    verb,
    expectedRevision: f.expectedRevision === undefined ? undefined : checkInteger(f.expectedRevision, 'options.expectedRevision', 1, Number.MAX_SAFE_INTEGER),
  };
}

export interface LatchRequest extends LatchRolloutRequest {
  readonly flow: Ref;
  readonly alias: Ref;
}

const LATCH_KEYS: ReadonlySet<string> = new Set(['rolloutId', 'revision', 'state', 'evidence']);

export function parseLatch(flow: unknown, alias: unknown, input: unknown): LatchRequest {
  const f = readFields(input, '', LATCH_KEYS);
  const state = checkEnum(f.state, 'state', ['aborted', 'paused', 'promoted'] as const);
  const evidence = f.evidence === undefined ? undefined : readEvidence(f.evidence, 'evidence');
  if (state !== 'promoted' && evidence === undefined) throw new ValidationException('evidence', `is required to latch ${state}`);
  return {
    flow: readRef(flow, 'flow'),
    alias: readRef(alias, 'alias'),
    rolloutId: checkString(f.rolloutId, 'rolloutId', { min: 10, max: 10, pattern: ROLLOUT_ID_PATTERN }),
    revision: checkInteger(f.revision, 'revision', 1, Number.MAX_SAFE_INTEGER),
    state,
    ...(evidence === undefined ? {} : { evidence }),
  };
}

const REPORT_KEYS: ReadonlySet<string> = new Set(['rolloutId', 'processId', 'window', 'target', 'baseline', 'windows']);
const COUNT_KEYS: ReadonlySet<string> = new Set(['ok', 'errors']);

function readCount(value: unknown, field: string): { ok: number; errors: number } {
  const f = readFields(value, field, COUNT_KEYS);
  return { ok: checkInteger(f.ok, `${field}.ok`, 0, Number.MAX_SAFE_INTEGER), errors: checkInteger(f.errors, `${field}.errors`, 0, Number.MAX_SAFE_INTEGER) };
}

export interface ReportRequest extends OutcomeReport {
  readonly flow: Ref;
  readonly alias: Ref;
}

export function parseReport(flow: unknown, alias: unknown, input: unknown): ReportRequest {
  const f = readFields(input, '', REPORT_KEYS);
  return {
    flow: readRef(flow, 'flow'),
    alias: readRef(alias, 'alias'),
    rolloutId: checkString(f.rolloutId, 'rolloutId', { min: 10, max: 10, pattern: ROLLOUT_ID_PATTERN }),
    processId: checkString(f.processId, 'processId', { max: 128 }),
    window: checkInteger(f.window, 'window', 0, Number.MAX_SAFE_INTEGER),
    target: readCount(f.target, 'target'),
    baseline: readCount(f.baseline, 'baseline'),
    windows: checkInteger(f.windows, 'windows', 1, 60),
  };
}

// ---- programs ----

function* aliasOf(ctx: RegistryContext, tx: StoreTx, flowRef: Ref, aliasRef: Ref): Step<[FlowRecord, AliasRecord]> {
  const flow = (yield* flowRow(ctx, tx, flowRef)).record;
  return [flow, yield* aliasRecord(ctx, tx, flow, aliasRef)];
}

function* save(ctx: RegistryContext, tx: StoreTx, revision: number, old: AliasRecord, rollout: RolloutRecord, routing = old.routing): Step<Outcome<AliasRecord>> {
  const record = Object.freeze({ ...old, routing, rollout: Object.freeze(rollout), updatedAt: ctx.timestamp(), revision: old.revision + 1 });
  yield* tx.putAlias(record);
  if (!isActive(rollout)) yield* tx.deleteOutcomes(rollout.id);
  return yield* committed(tx, revision, record, [aliasChange(ctx, 'updated', old.flowId, old.id)]);
}

// eslint-disable-next-line require-yield -- a `taken` check that needs no store read
function* neverTaken(): Step<boolean> {
  return false;
}

// eslint-disable-next-line require-yield -- a `taken` check that needs no store read
function* differs(candidate: string, previous: string): Step<boolean> {
  return candidate === previous;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The rollout of an alias whose routing a caller changed: it ends, explicitly (it never continues its step clock). */
export function endedByRoutingChange(rollout: RolloutRecord | undefined, at: string): RolloutRecord | undefined {
  if (!isActive(rollout)) return rollout;
  const { pausedElapsedMs: _dropped, ...rest } = rollout;
  return Object.freeze({ ...rest, state: 'aborted', endedAt: at, endReason: 'routing-changed' });
}

/**
 * Starts a rollout of `target` from the alias's routing. A rollout of another target that is still active
 * ends (`superseded`) and this one starts over from the same starting routing; the same target while one is
 * active is a ConflictException (use retry).
 */
export function* startRollout(ctx: RegistryContext, tx: StoreTx, request: StartRolloutRequest): Step<Outcome<AliasRecord>> {
  const revision = yield* tx.nextRevision();
  const [flow, old] = yield* aliasOf(ctx, tx, request.flow, request.alias);
  checkNotTestAlias(old, 'changed');
  const existing = yield* tx.existingVersions(flow.id, [request.target]);
  if (!existing.has(request.target)) throw new ValidationException('target', `version ${request.target} does not exist`, { code: 'VersionNotFound' });
  if (isActive(old.rollout) && old.rollout.target === request.target) {
    throw new ConflictException(`rollout ${old.rollout.id} of version ${request.target} is ${old.rollout.state}; retry it, or abort it first`, {
      code: 'RolloutInProgress',
    });
  }
  checkRolloutRouting(old.routing, request.target);
  const previous = old.rollout;
  if (isActive(previous)) yield* tx.deleteOutcomes(previous.id);
  // 62^10 IDs: a rollout ID is not looked up by itself, only compared with the alias's current one.
  const id = yield* ctx.newId(neverTaken);
  const now = iso(ctx.now());
  const rollout: RolloutRecord = {
    id,
    target: request.target,
    steps: request.plan.steps,
    preset: request.plan.preset,
    ...(request.health === undefined ? {} : { health: request.health }),
    state: 'running',
    startAt: now,
    startedAt: now,
    attempt: 1,
  };
  return yield* save(ctx, tx, revision, old, rollout);
}

function stateError(rollout: RolloutRecord, verb: string, needs: string): ConflictException {
  return new ConflictException(`rollout ${rollout.id} is ${rollout.state}; ${verb} needs ${needs}`, { code: 'RolloutStateConflict' });
}

/** One verb: one write with defined final weights (docs/rollouts.md, Verbs). */
export function* rolloutVerb(ctx: RegistryContext, tx: StoreTx, request: VerbRequest): Step<Outcome<AliasRecord>> {
  const revision = yield* tx.nextRevision();
  const [, old] = yield* aliasOf(ctx, tx, request.flow, request.alias);
  const rollout = old.rollout;
  if (rollout === undefined) throw new ResourceNotFoundException(`alias ${old.name} has no rollout`, { code: 'RolloutNotFound' });
  if (request.expectedRevision !== undefined && request.expectedRevision !== old.revision) {
    throw new ConflictException(`alias ${old.name} is at revision ${old.revision}, not ${request.expectedRevision}`, { code: 'RevisionMismatch' });
  }
  const nowMs = ctx.now();
  const now = iso(nowMs);
  const position = positionAt(rollout, nowMs);
  const { pausedElapsedMs: _paused, endedAt: _ended, endReason: _reason, ...rest } = rollout;
  switch (request.verb) {
    case 'pause':
      if (rollout.state !== 'running') throw stateError(rollout, 'pause', 'a running rollout');
      return yield* save(ctx, tx, revision, old, { ...rest, state: 'paused', pausedElapsedMs: position.elapsedMs });
    case 'resume':
      if (rollout.state !== 'paused') throw stateError(rollout, 'resume', 'a paused rollout');
      return yield* save(ctx, tx, revision, old, { ...rest, state: 'running', startAt: iso(nowMs - position.elapsedMs) });
    case 'promote':
      if (!isActive(rollout)) throw stateError(rollout, 'promote', 'a running or paused rollout');
      return yield* save(ctx, tx, revision, old, { ...rest, state: 'promoted', endedAt: now, endReason: 'promoted' }, [
        Object.freeze({ version: rollout.target, weight: 100 }),
      ]);
    case 'abort':
      if (!isActive(rollout)) throw stateError(rollout, 'abort', 'a running or paused rollout');
      return yield* save(ctx, tx, revision, old, { ...rest, state: 'aborted', endedAt: now, endReason: 'aborted' });
    case 'retry': {
      if (rollout.state === 'promoted') throw stateError(rollout, 'retry', 'a rollout that was not promoted');
      checkRolloutRouting(old.routing, rollout.target);
      const id = yield* ctx.newId((candidate) => differs(candidate, rollout.id));
      const { evidence: _evidence, ...fresh } = rest;
      yield* tx.deleteOutcomes(rollout.id);
      return yield* save(ctx, tx, revision, old, { ...fresh, id, state: 'running', startAt: now, startedAt: now, attempt: rollout.attempt + 1 });
    }
    case 'skip': {
      if (!isActive(rollout)) throw stateError(rollout, 'skip', 'a running or paused rollout');
      const next = position.step + 1;
      if (next > rollout.steps.length) throw new ConflictException(`rollout ${rollout.id} has no step after its last`, { code: 'RolloutStateConflict' });
      const at = stepStart(rollout.steps, next);
      if (rollout.state === 'paused') return yield* save(ctx, tx, revision, old, { ...rest, pausedElapsedMs: at });
      return yield* save(ctx, tx, revision, old, { ...rest, startAt: iso(nowMs - at) });
    }
  }
}

/**
 * A decision made by an evaluator (a router): written only if the alias is still at the revision it
 * evaluated, with the same rollout running, so concurrent evaluators cannot conflict (the first commits,
 * the others find the revision moved and write nothing) and nothing resumes by itself.
 */
export function* latchRollout(ctx: RegistryContext, tx: StoreTx, request: LatchRequest): Step<Outcome<LatchRolloutAnswer>> {
  const revision = yield* tx.nextRevision();
  const [, old] = yield* aliasOf(ctx, tx, request.flow, request.alias);
  const rollout = old.rollout;
  const unchanged = { result: { latched: false, alias: old }, changes: [] };
  if (rollout === undefined || rollout.id !== request.rolloutId || rollout.state !== 'running' || old.revision !== request.revision) return unchanged;
  const nowMs = ctx.now();
  const position = positionAt(rollout, nowMs);
  const { evidence: _old, ...rest } = rollout;
  let outcome: Outcome<AliasRecord>;
  if (request.state === 'promoted') {
    // Only once the control plane's own clock agrees every hold has passed: a fast clock cannot promote early.
    if (position.phase !== 'complete') return unchanged;
    outcome = yield* save(ctx, tx, revision, old, { ...rest, state: 'promoted', endedAt: iso(nowMs), endReason: 'completed' }, [
      Object.freeze({ version: rollout.target, weight: 100 }),
    ]);
  } else if (request.state === 'paused') {
    outcome = yield* save(ctx, tx, revision, old, { ...rest, state: 'paused', pausedElapsedMs: position.elapsedMs, evidence: request.evidence as BreachEvidence });
  } else {
    outcome = yield* save(ctx, tx, revision, old, { ...rest, state: 'aborted', endedAt: iso(nowMs), endReason: 'health', evidence: request.evidence as BreachEvidence });
  }
  return { result: { latched: true, alias: outcome.result }, changes: outcome.changes };
}

/**
 * Adds one process's counts of one window to the store and answers the fleet's counts of the last
 * `windows` windows. Counts of a rollout that is no longer the alias's running one are dropped.
 */
export function* recordOutcomes(ctx: RegistryContext, tx: StoreTx, request: ReportRequest): Step<Outcome<readonly WindowCounts[]>> {
  yield* tx.nextRevision();
  const [, alias] = yield* aliasOf(ctx, tx, request.flow, request.alias);
  if (alias.rollout?.id !== request.rolloutId || alias.rollout.state !== 'running') return { result: [], changes: [] };
  yield* tx.putOutcomes(
    {
      rolloutId: request.rolloutId,
      window: request.window,
      processId: request.processId,
      targetOk: request.target.ok,
      targetErrors: request.target.errors,
      baselineOk: request.baseline.ok,
      baselineErrors: request.baseline.errors,
    },
    request.window - 2 * 60,
  );
  const rows = yield* tx.outcomeWindows(request.rolloutId, request.window - request.windows + 1, request.window);
  return {
    result: Object.freeze(
      rows.map((r) => Object.freeze({ window: r.window, target: { ok: r.targetOk, errors: r.targetErrors }, baseline: { ok: r.baselineOk, errors: r.baselineErrors } })),
    ),
    changes: [],
  };
}

/** Where the alias's rollout stands at the control plane's now. */
export function* rolloutStatus(ctx: RegistryContext, tx: StoreTx, request: { flow: Ref; alias: Ref }): Step<RolloutStatus> {
  const [, alias] = yield* aliasOf(ctx, tx, request.flow, request.alias);
  const rollout = alias.rollout;
  if (rollout === undefined) throw new ResourceNotFoundException(`alias ${alias.name} has no rollout`, { code: 'RolloutNotFound' });
  const wallClockAt = ctx.now();
  const position = positionAt(rollout, wallClockAt);
  const routing = isActive(rollout) ? routingAt(rollout, alias.routing, position) : alias.routing;
  let health: HealthDecision | null = null;
  const policy = rollout.health;
  if (policy !== undefined) {
    const last = Math.floor(wallClockAt / policy.windowMs) - 1;
    const rows = yield* tx.outcomeWindows(rollout.id, last - policy.breachingWindows + 1, last);
    const counts = rows.map((r) => ({ window: r.window, target: { ok: r.targetOk, errors: r.targetErrors }, baseline: { ok: r.baselineOk, errors: r.baselineErrors } }));
    health = decide(policy, last, counts);
  }
  return Object.freeze({ flowId: alias.flowId, aliasId: alias.id, revision: alias.revision, rollout, position, routing, baseline: alias.routing, wallClockAt, health });
}
