import { createRequire } from 'node:module';

/**
 * Node's HTTP, HTTPS and crypto modules, loaded on first use rather than at import: the data-plane entry
 * holds HttpAliasSource, and a handler that never builds one (or builds it on a MemorySource) should not
 * pay for `node:https` (which loads tls and crypto) on its cold start. `require` of a builtin is synchronous,
 * so the first use pays it once and every later one reads the module cache.
 */
const require = createRequire(import.meta.url);

export type NodeHttp = typeof import('node:http');
export type NodeHttps = typeof import('node:https');
export type NodeCrypto = typeof import('node:crypto');

let http: NodeHttp | undefined;
let https: NodeHttps | undefined;
let crypto: NodeCrypto | undefined;

// Kept once loaded: `require` resolves its argument on every call (about 1 µs, a tenth of a signed request's
// own work in the server's profile).
export function nodeHttp(): NodeHttp {
  return (http ??= require('node:http') as NodeHttp);
}

export function nodeHttps(): NodeHttps {
  return (https ??= require('node:https') as NodeHttps);
}

export function nodeCrypto(): NodeCrypto {
  return (crypto ??= require('node:crypto') as NodeCrypto);
}
