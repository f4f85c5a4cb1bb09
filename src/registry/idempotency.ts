import { createHash } from 'node:crypto';
import { ConflictException } from '../errors.js';
import type { Step, StoreTx, TokenBounds } from '../stores/store.js';
import type { RegistryContext } from './context.js';
import type { ResolvedWriteOptions } from './inputs.js';
import type { AliasRecord, FlowRecord, VersionRecord } from './model.js';
import type { FirstResult } from './state.js';

/**
 * `clientToken` idempotency. A token keeps a SHA-256 of the request's fingerprint and the first result;
 * tokens are bounded in number (`maxClientTokens`) and in bytes (`maxClientTokenChars` of results), the
 * oldest forgotten first, and forgotten after
 * `CLIENT_TOKEN_TTL_MS`. A token whose resource was deleted since is forgotten: a retry creates anew,
 * so it never answers with an ID that no longer exists.
 */
export const CLIENT_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

interface RecordOfKind {
  readonly flow: FlowRecord;
  readonly version: VersionRecord;
  readonly alias: AliasRecord;
}

export function digest(fingerprint: string): string {
  return createHash('sha256').update(fingerprint).digest('hex');
}

function* stillExists(tx: StoreTx, result: FirstResult): Step<boolean> {
  if (result.kind === 'flow') return (yield* tx.flowById(result.record.id)) !== undefined;
  if (result.kind === 'version') return (yield* tx.version(result.record.flowId, result.record.version)) !== undefined;
  return (yield* tx.alias(result.record.flowId, result.record.id)) !== undefined;
}

/** The first result for this token and request, if any; a conflict if the token was used for another. */
export function* replay<K extends FirstResult['kind']>(
  ctx: RegistryContext,
  tx: StoreTx,
  write: ResolvedWriteOptions,
  kind: K,
): Step<RecordOfKind[K] | undefined> {
  if (write.clientToken === undefined) return undefined;
  const prior = yield* tx.clientToken(write.clientToken.key);
  if (prior === undefined || prior.createdAt < ctx.now() - CLIENT_TOKEN_TTL_MS) return undefined;
  if (prior.fingerprint !== digest(write.clientToken.fingerprint) || prior.result.kind !== kind) {
    throw new ConflictException('clientToken was already used with a different request', { code: 'IdempotencyConflict' });
  }
  if (!(yield* stillExists(tx, prior.result))) return undefined;
  return prior.result.record as unknown as RecordOfKind[K];
}

/** The bounds a store keeps tokens within: the registry's options, and the TTL counted from `now`. */
export function tokenBounds(ctx: RegistryContext, now: number): TokenBounds {
  return {
    maxTokens: ctx.options.maxClientTokens,
    maxResultChars: ctx.options.maxClientTokenChars,
    expiresBefore: now - CLIENT_TOKEN_TTL_MS,
  };
}

export function* remember(ctx: RegistryContext, tx: StoreTx, write: ResolvedWriteOptions, result: FirstResult): Step<void> {
  if (write.clientToken === undefined || ctx.options.maxClientTokens === 0) return;
  const now = ctx.now();
  const row = { fingerprint: digest(write.clientToken.fingerprint), result, createdAt: now };
  yield* tx.putClientToken(write.clientToken.key, row, tokenBounds(ctx, now));
}
