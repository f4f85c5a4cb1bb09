import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRouting, MemorySource, Router, stickyHash, type RoutingEntry } from '../../../test/all-entries.js';
import { SingleAliasSource } from './implementations.js';
import { MURMUR3_VECTORS, STICKY_VECTORS, VECTOR_CONFIGS } from './known-answers.js';
import { referenceAssigner, referenceKeyHash } from './reference.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

const cases = STICKY_VECTORS.map(([identity, config, key, keyHash, version]) => ({
  identity,
  entries: VECTOR_CONFIGS[config] as readonly RoutingEntry[],
  key,
  keyHash,
  version,
}));

describe('sticky known answers', () => {
  it('the hash and the version of every vector, by the table and by the restated contract', () => {
    for (const { identity, entries, key, keyHash, version } of cases) {
      const label = `${identity} ${JSON.stringify(key).slice(0, 40)}`;
      expect(stickyHash(identity, key), label).toBe(keyHash);
      expect(referenceKeyHash(identity, key), label).toBe(keyHash);
      expect(compileRouting(entries).selectHash(keyHash), label).toBe(version);
      expect(referenceAssigner(entries)(keyHash), label).toBe(version);
    }
  });

  it('the same key gets the same version from fresh routers, every time', () => {
    for (const { identity, entries, key, version } of cases) {
      for (let fresh = 0; fresh < 3; fresh++) {
        const router = new Router({ source: new SingleAliasSource(identity, entries), seed: `unrelated-${fresh}` });
        expect(router.pick('flow', 'alias', key), `${identity} ${JSON.stringify(key).slice(0, 40)}`).toBe(version);
      }
    }
  });

  it('a MemorySource alias is salted by its default identity, flow/alias', () => {
    const source = new MemorySource();
    for (const { entries, key, version } of cases.filter((c) => c.identity === 'checkout-flow/live')) {
      source.set('checkout-flow', 'live', entries);
      expect(new Router({ source }).pick('checkout-flow', 'live', key)).toBe(version);
    }
  });

  it('a separate Node process running the built package gives the same answers, murmur3 vectors included', () => {
    if (!existsSync(path.join(root, 'dist/index.js'))) {
      const build = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
      expect(build.status, `building dist/ failed:\n${build.stdout}${build.stderr}`).toBe(0);
    }
    const input = JSON.stringify({
      sticky: cases.map(({ identity, entries, key }) => ({ identity, entries, key })),
      murmur: MURMUR3_VECTORS.map(([key, seed]) => ({ key, seed })),
    });
    const child = spawnSync(process.execPath, [path.join(here, 'sticky-child.mjs')], { input, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    const answers = JSON.parse(child.stdout) as { sticky: { keyHash: number; table: string; router: string }[]; murmur: number[] };
    // A mismatch here with the in-process tests passing means dist/ is stale: npm run build.
    expect(answers.murmur).toEqual(MURMUR3_VECTORS.map(([, , hash]) => hash));
    expect(answers.sticky).toEqual(cases.map(({ keyHash, version }) => ({ keyHash, table: version, router: version })));
  });
});
