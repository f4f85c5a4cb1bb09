import { readFile, stat } from 'node:fs/promises';
import { ValidationException } from '../errors.js';
import type { AccessKey } from '../wire/sigv4-signer.js';

/** An access key pair the server accepts; the same keys sign Bedrock (SigV4) and CloudFlow (RPC) requests. */
export type { AccessKey };

/** The environment variable read by `flow-alias-router serve`: `id:secret` pairs separated by commas. */
export const CREDENTIALS_ENV = 'FLOW_ALIAS_ROUTER_CREDENTIALS';

export const MAX_ACCESS_KEYS = 1000;
const MAX_CREDENTIALS_FILE_BYTES = 1024 * 1024;
// Both vendors' key IDs are alphanumeric; '/' would break SigV4's Credential scope, so it is refused.
const ACCESS_KEY_ID = /^[A-Za-z0-9._-]{1,128}$/;
// Printable ASCII, no spaces: what both vendors issue, and safe in a `secret&` HMAC key.
const SECRET = /^[\x21-\x7e]{1,256}$/;

function checkKey(accessKeyId: unknown, secretAccessKey: unknown, at: string): AccessKey {
  if (typeof accessKeyId !== 'string' || !ACCESS_KEY_ID.test(accessKeyId)) {
    throw new ValidationException(`${at}.accessKeyId`, 'must be 1 to 128 characters of A-Z, a-z, 0-9, ".", "_" or "-"');
  }
  if (typeof secretAccessKey !== 'string' || !SECRET.test(secretAccessKey)) {
    throw new ValidationException(`${at}.secretAccessKey`, 'must be 1 to 256 printable ASCII characters without spaces');
  }
  return Object.freeze({ accessKeyId, secretAccessKey });
}

function checkSet(keys: readonly AccessKey[], where: string): readonly AccessKey[] {
  if (keys.length === 0) throw new ValidationException(where, 'must name at least one access key');
  if (keys.length > MAX_ACCESS_KEYS) throw new ValidationException(where, `must name at most ${MAX_ACCESS_KEYS} access keys`);
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    if (seen.has(key.accessKeyId)) throw new ValidationException(`${where}[${i}].accessKeyId`, 'is a duplicate');
    seen.add(key.accessKeyId);
  });
  return Object.freeze([...keys]);
}

/** Parses `id:secret,id:secret` (the secret is everything after the first colon). */
export function parseCredentialsList(value: string, where = CREDENTIALS_ENV): readonly AccessKey[] {
  const keys = value
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair.length > 0)
    .map((pair, i) => {
      const colon = pair.indexOf(':');
      if (colon < 0) throw new ValidationException(`${where}[${i}]`, 'must be accessKeyId:secretAccessKey');
      return checkKey(pair.slice(0, colon), pair.slice(colon + 1), `${where}[${i}]`);
    });
  return checkSet(keys, where);
}

/** Parses a credentials file's text: a JSON array of `{ accessKeyId, secretAccessKey }`. */
export function parseCredentialsJson(text: string, where = 'credentials'): readonly AccessKey[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Never the parser's message: it quotes the text around the error, which is where the secrets are.
    throw new ValidationException(where, 'is not valid JSON (its contents are not shown: they hold secrets)');
  }
  if (!Array.isArray(value)) throw new ValidationException(where, 'must be a JSON array of { accessKeyId, secretAccessKey }');
  const keys = value.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new ValidationException(`${where}[${i}]`, 'must be an object { accessKeyId, secretAccessKey }');
    }
    const record = item as Record<string, unknown>;
    return checkKey(record.accessKeyId, record.secretAccessKey, `${where}[${i}]`);
  });
  return checkSet(keys, where);
}

/** Reads a credentials file (at most 1 MiB). */
export async function readCredentialsFile(path: string): Promise<readonly AccessKey[]> {
  if ((await stat(path)).size > MAX_CREDENTIALS_FILE_BYTES) {
    throw new ValidationException(path, `must be at most ${MAX_CREDENTIALS_FILE_BYTES} bytes`);
  }
  return parseCredentialsJson(await readFile(path, 'utf8'), path);
}

/** The accepted keys by ID. Validates the set (non-empty, well-formed, no duplicate ID). */
export class CredentialStore {
  private readonly secrets = new Map<string, string>();

  constructor(keys: readonly AccessKey[]) {
    checkSet(
      keys.map((key, i) => checkKey(key?.accessKeyId, key?.secretAccessKey, `credentials[${i}]`)),
      'credentials',
    ).forEach((key) => this.secrets.set(key.accessKeyId, key.secretAccessKey));
  }

  secretFor(accessKeyId: string): string | undefined {
    return this.secrets.get(accessKeyId);
  }

  get size(): number {
    return this.secrets.size;
  }
}
