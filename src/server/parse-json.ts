import { ValidationException } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The deepest nesting of arrays and objects in JSON text (strings skipped), stopping early past `limit`. */
function depthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/**
 * Parses untrusted JSON text. Refuses, with a `ValidationException` naming `field`: nesting deeper than
 * `maxDepth` (so nothing downstream recurses without bound) and any `__proto__` key (so no later copy of
 * the value can reach an object's prototype).
 */
export function parseJsonText(text: string, field: string, maxDepth: number): unknown {
  if (depthExceeds(text, maxDepth)) {
    throw new ValidationException(field, `must not nest arrays and objects more than ${maxDepth} deep`);
  }
  try {
    return JSON.parse(text, function refuseProto(key, value: unknown) {
      if (key === '__proto__') throw new ValidationException(field, 'must not contain the key "__proto__"');
      return value;
    });
  } catch (error) {
    if (error instanceof ValidationException) throw error;
    throw new ValidationException(field, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Decodes a body as strict UTF-8 (`ValidationException` on a malformed sequence). */
export function decodeUtf8(body: Uint8Array, field: string): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new ValidationException(field, 'is not valid UTF-8');
  }
}

/** A JSON request body that must be an object; an empty body reads as `{}`. */
export function parseJsonObjectBody(body: Uint8Array, maxDepth: number): Record<string, unknown> {
  if (body.length === 0) return {};
  const value = parseJsonText(decodeUtf8(body, 'body'), 'body', maxDepth);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationException('body', 'must be a JSON object');
  }
  return value as Record<string, unknown>;
}
