/**
 * Not a public entry: `dist/internal.js` is built beside the entries (sharing their chunks, so its classes
 * are the entries' classes) for the benchmarks and the load test, which measure internals the package does
 * not export. package.json's `exports` does not list it, so `flow-alias-router/internal` does not resolve.
 */
export { FastRandom } from './random/fast.js';
export { murmur3Int32 } from './random/murmur3.js';
export { AUTO_MANY_SELECTOR } from './routing/compile.js';
export { signSigV4 } from './wire/sigv4-signer.js';
// A table's compiled selector, for the selector benchmark: use this bundle's compileRouting with it (this file
// is bundled on its own, so its RoutingTable is not the root entry's).
export { compileRouting } from './routing/compile.js';
export { selectorOf } from './routing/table.js';
