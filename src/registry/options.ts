import { randomInt } from 'node:crypto';
import { ValidationException } from '../errors.js';
import { MAX_ENTRIES } from '../routing/limits.js';
import { checkListenerErrorHandler, type ListenerErrorHandler } from '../sources/change-listeners.js';

/** Limits on what the registry holds; exceeding one raises `ServiceQuotaExceededException`. */
export interface RegistryQuotas {
  /** Flows in the registry. Default 1,000; 1 to 1,000,000. */
  readonly maxFlows?: number;
  /** Numbered versions one flow holds at once. Default 100; 1 to 99,999. */
  readonly maxVersionsPerFlow?: number;
  /** Aliases of one flow, not counting the built-in test alias. Default 100; 1 to 10,000. */
  readonly maxAliasesPerFlow?: number;
  /** Routing entries of one alias. Default 2 (both vendors' maximum); 1 to 1,000. */
  readonly maxRoutingEntries?: number;
  /**
   * Characters of definitions (their JSON text) the whole store holds, drafts and versions together.
   * Default 134,217,728 (128 Mi); 1,024 to 2,147,483,647.
   */
  readonly maxDefinitionChars?: number;
}

export interface RegistryOptions {
  /** The AWS region in ARNs. Default `us-east-1`. */
  readonly region?: string;
  /** The 12-digit account in ARNs. Default `123456789012`. */
  readonly account?: string;
  /** Wall clock in epoch milliseconds (like `Date.now`), for timestamps. Default `Date.now`. */
  readonly wallClock?: () => number;
  /** Generates resource IDs: 10 characters `[0-9A-Za-z]`. Default: random `[0-9A-Z]`, from node:crypto. */
  readonly generateId?: () => string;
  readonly quotas?: RegistryQuotas;
  /** Most `clientToken`s remembered for idempotent creates (oldest forgotten first). Default 1,000; 0 to 100,000. */
  readonly maxClientTokens?: number;
  /**
   * Most characters of first results (their JSON) the remembered tokens hold together, oldest forgotten
   * first; a result larger than this alone is not remembered. Default 16,777,216; 1,024 to 1,073,741,824.
   */
  readonly maxClientTokenChars?: number;
  /** Told about a change listener that threw (the change is committed regardless). Default: `console.error`. */
  readonly onListenerError?: ListenerErrorHandler;
}

export interface ResolvedQuotas {
  readonly maxFlows: number;
  readonly maxVersionsPerFlow: number;
  readonly maxAliasesPerFlow: number;
  readonly maxRoutingEntries: number;
  readonly maxDefinitionChars: number;
}

export interface ResolvedRegistryOptions {
  readonly region: string;
  readonly account: string;
  readonly wallClock: () => number;
  readonly generateId: () => string;
  readonly quotas: ResolvedQuotas;
  readonly maxClientTokens: number;
  readonly maxClientTokenChars: number;
  readonly onListenerError: ListenerErrorHandler | undefined;
}

/** The region and account patterns of the Bedrock ARN patterns. */
export const REGION_PATTERN = /^[a-z0-9-]{1,20}$/;
export const ACCOUNT_PATTERN = /^[0-9]{12}$/;

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function randomId(): string {
  let id = '';
  for (let i = 0; i < 10; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

function integer(value: unknown, field: string, fallback: number, min: number, max: number): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !Number.isInteger(resolved) || resolved < min || resolved > max) {
    throw new ValidationException(field, `must be an integer from ${min} to ${max}`);
  }
  return resolved;
}

function resolveQuotas(quotas: RegistryQuotas | undefined): ResolvedQuotas {
  if (quotas !== undefined && (typeof quotas !== 'object' || quotas === null)) {
    throw new ValidationException('quotas', 'must be an object');
  }
  return {
    maxFlows: integer(quotas?.maxFlows, 'quotas.maxFlows', 1000, 1, 1_000_000),
    maxVersionsPerFlow: integer(quotas?.maxVersionsPerFlow, 'quotas.maxVersionsPerFlow', 100, 1, 99_999),
    maxAliasesPerFlow: integer(quotas?.maxAliasesPerFlow, 'quotas.maxAliasesPerFlow', 100, 1, 10_000),
    maxRoutingEntries: integer(quotas?.maxRoutingEntries, 'quotas.maxRoutingEntries', 2, 1, MAX_ENTRIES),
    maxDefinitionChars: integer(quotas?.maxDefinitionChars, 'quotas.maxDefinitionChars', 134_217_728, 1024, 2_147_483_647),
  };
}

export function resolveRegistryOptions(options: RegistryOptions = {}): ResolvedRegistryOptions {
  if (typeof options !== 'object' || options === null) throw new ValidationException('options', 'must be an object');
  const region = options.region ?? 'us-east-1';
  if (typeof region !== 'string' || !REGION_PATTERN.test(region)) {
    throw new ValidationException('region', 'must match [a-z0-9-]{1,20}');
  }
  const account = options.account ?? '123456789012';
  if (typeof account !== 'string' || !ACCOUNT_PATTERN.test(account)) {
    throw new ValidationException('account', 'must be 12 digits');
  }
  if (options.wallClock !== undefined && typeof options.wallClock !== 'function') {
    throw new ValidationException('wallClock', 'must be a function returning epoch milliseconds');
  }
  if (options.generateId !== undefined && typeof options.generateId !== 'function') {
    throw new ValidationException('generateId', 'must be a function returning 10 characters [0-9A-Za-z]');
  }
  return {
    region,
    account,
    wallClock: options.wallClock ?? Date.now,
    generateId: options.generateId ?? randomId,
    quotas: resolveQuotas(options.quotas),
    maxClientTokens: integer(options.maxClientTokens, 'maxClientTokens', 1000, 0, 100_000),
    maxClientTokenChars: integer(options.maxClientTokenChars, 'maxClientTokenChars', 16_777_216, 1024, 1_073_741_824),
    onListenerError: checkListenerErrorHandler(options.onListenerError, 'onListenerError'),
  };
}
