#!/usr/bin/env node
/* global process, URL */
// The build (docs/architecture.md, Entries): each entry bundled as ESM by esbuild with code splitting, so a
// module two entries share (every error class, the routing core) lives in one chunk and exists once at run
// time (`instanceof` holds across entries); dependencies and node: builtins stay external; no minification
// (readable output; it does not help import time). Declarations come from tsc (tsconfig.build.json) into
// dist/types/, mirroring src/.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Output name (under dist/, without .js) → source. package.json's exports list the public ones. */
export const ENTRIES = {
  index: 'src/index.ts', // `.`: the data plane
  registry: 'src/registry/index.ts', // `./registry`
  stores: 'src/stores/index.ts', // `./stores`
  bedrock: 'src/dialects/bedrock/index.ts', // `./bedrock`
  cloudflow: 'src/dialects/cloudflow/index.ts', // `./cloudflow`
  server: 'src/server/index.ts', // `./server`
  openfeature: 'src/openfeature/index.ts', // `./openfeature`
  'cli/main': 'src/cli/main.ts', // the `flow-alias-router` bin
};

/**
 * Not exported: what the benchmarks and the load test measure (FastRandom, murmur3Int32, ...). Bundled on
 * its own, so it does not shape the entries' chunks; none of its exports is compared by identity.
 */
const INTERNAL = { internal: 'src/internal.ts' };

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
].flatMap((name) => [name, `${name}/*`]);

rmSync('dist', { recursive: true, force: true });
const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  sourcemap: true,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: ENTRIES,
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
});
await build({ ...common, entryPoints: INTERNAL, outdir: 'dist' });

const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exitCode = tsc.status ?? 1;
// The benchmarks' typed view of dist/internal.js (not part of the package's exports).
writeFileSync('dist/internal.d.ts', "export * from './types/internal.js';\n");
