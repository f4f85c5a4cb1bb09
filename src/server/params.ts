import { Kept } from '../wire/kept.js';
import { ValidationException } from '../errors.js';

/** Parameters from a query string or a form body: a null-prototype record, each name at most once. */
export type Params = Record<string, string>;

/** An integer parameter as both protocols take it: an optional minus and 1 to 15 digits, so always a safe integer. */
const INTEGER_PARAM = /^-?\d{1,15}$/;

export function isIntegerParam(raw: string): boolean {
  return INTEGER_PARAM.test(raw);
}

export function emptyParams(): Params {
  return Object.create(null) as Params;
}

/**
 * Adds the parameters of `encoded` (a query string without its `?`, or an
 * `application/x-www-form-urlencoded` body) to `into`, decoded by the WHATWG URLSearchParams rules.
 * Refuses a name given twice (here or already in `into`) and more than `maxParameters` in all, so a
 * signature is always computed over exactly the values the operation receives.
 */
export function addParams(into: Params, encoded: string, maxParameters: number, where: 'query' | 'body'): Params {
  if (encoded.length === 0) return into;
  let count = Object.keys(into).length;
  for (const [name, value] of new URLSearchParams(encoded)) {
    if (++count > maxParameters) {
      throw new ValidationException(where, `must have at most ${maxParameters} parameters`);
    }
    if (Object.hasOwn(into, name)) throw new ValidationException(name, 'must be given only once');
    into[name] = value;
  }
  return into;
}

/** Splits a request target into its raw (still percent-encoded) path and query. */
export function splitTarget(target: string): { readonly path: string; readonly query: string } {
  const at = target.indexOf('?');
  return at < 0 ? { path: target, query: '' } : { path: target.slice(0, at), query: target.slice(at + 1) };
}

const keptSegments = new Kept((rawPath: string) => {
  const segments = decodedSegments(rawPath);
  return segments === undefined ? undefined : Object.freeze(segments);
});

/**
 * `decodedSegments` (below), kept per raw path (a gateway asks for a few paths again and again; about 1 µs a
 * request in the server). The segments are frozen: every request with the path shares them.
 */
export function pathSegments(rawPath: string): readonly string[] | undefined {
  return keptSegments.get(rawPath);
}

/**
 * The decoded segments of a raw path, one trailing slash ignored (the SDK writes some paths with one,
 * some without). Returns undefined for a path no operation can match: not absolute, an empty segment, a
 * `.` or `..` segment (SigV4 normalises those away, so routing on them would split what was signed from
 * what runs), or malformed percent-encoding.
 */
function decodedSegments(rawPath: string): string[] | undefined {
  if (rawPath.charCodeAt(0) !== 0x2f) return undefined;
  const trimmed = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(1, -1) : rawPath.slice(1);
  if (trimmed.length === 0) return [];
  const raw = trimmed.split('/');
  const segments: string[] = [];
  for (const segment of raw) {
    if (segment.length === 0 || segment === '.' || segment === '..') return undefined;
    try {
      segments.push(decodeURIComponent(segment));
    } catch {
      return undefined;
    }
  }
  return segments;
}
