/**
 * Every public entry's exports from src/, for the unit tests (which test internals and share one module
 * graph with them). The built package is imported by its bare specifiers in test/package/entries.test.ts.
 */
export * from '../src/index.js';
export * from '../src/registry/index.js';
export * from '../src/stores/index.js';
export * from '../src/dialects/bedrock/index.js';
export * from '../src/dialects/cloudflow/index.js';
export * from '../src/server/index.js';
