import { ValidationException } from '../../errors.js';

/** One page of a sorted list, and the token for the next one if there is more. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

export interface PageRequest {
  readonly limit: number;
  readonly token?: string | undefined;
  /** Binds tokens to one list (`bedrock:aliases:FLOWID`): a token of another list is refused. */
  readonly scope: string;
  /** The request field that carries the token, for errors. */
  readonly field: string;
}

const TOKEN_CHARS = /^[A-Za-z0-9_-]+$/;
const MAX_KEY_LENGTH = 256;

function encode(scope: string, lastKey: string): string {
  return Buffer.from(`${scope}\n${lastKey}`, 'utf8').toString('base64url');
}

function decode(token: string, request: PageRequest): string {
  const invalid = (): ValidationException =>
    new ValidationException(request.field, 'is not a token this API returned for this list');
  if (!TOKEN_CHARS.test(token)) throw invalid();
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const cut = text.indexOf('\n');
  const lastKey = text.slice(cut + 1);
  if (cut < 0 || lastKey.length === 0 || lastKey.length > MAX_KEY_LENGTH || encode(request.scope, lastKey) !== token) {
    throw invalid();
  }
  return lastKey;
}

/**
 * Pages through `items`, sorted by `keyOf` under `compare`. A token names the last key served, not an
 * offset, so a page after a delete neither skips nor repeats an item.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  compare: (a: string, b: string) => number,
  request: PageRequest,
): Page<T> {
  let start = 0;
  if (request.token !== undefined) {
    const lastKey = decode(request.token, request);
    while (start < items.length && compare(keyOf(items[start] as T), lastKey) <= 0) start++;
  }
  const end = Math.min(items.length, start + request.limit);
  const page = items.slice(start, end);
  const last = page[page.length - 1];
  return end < items.length && last !== undefined ? { items: page, nextToken: encode(request.scope, keyOf(last)) } : { items: page };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareNumeric(a: string, b: string): number {
  return Number(a) - Number(b);
}
