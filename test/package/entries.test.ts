import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as registry from '../../src/registry/index.js';
import * as stores from '../../src/stores/index.js';
import * as bedrock from '../../src/dialects/bedrock/index.js';
import * as cloudflow from '../../src/dialects/cloudflow/index.js';
import * as server from '../../src/server/index.js';
import * as openfeature from '../../src/openfeature/index.js';

/**
 * The built package, as users import it: every public entry by its bare specifier (a self-reference through
 * package.json's `exports`), each in a fresh Node process on dist/ (`npm test` builds first). Issue 13.
 */
const ENTRIES: Record<string, object> = {
  'flow-alias-router': root,
  'flow-alias-router/registry': registry,
  'flow-alias-router/stores': stores,
  'flow-alias-router/bedrock': bedrock,
  'flow-alias-router/cloudflow': cloudflow,
  'flow-alias-router/server': server,
  'flow-alias-router/openfeature': openfeature,
};

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };
const dir = mkdtempSync(join(tmpdir(), 'far-entries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(script: string, args: string[] = []): string {
  return execFileSync(process.execPath, [...args, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
}

/** What a fresh process loads for `import(specifier)`: resolved URLs (ESM), CJS files, Node's own modules. */
function loadsOf(specifier: string): { urls: string[]; required: string[]; builtins: string[] } {
  const log = join(dir, `${specifier.replace(/\W/g, '_')}.log`);
  const hooks = pathToFileURL(resolve(fileURLToPath(new URL('.', import.meta.url)), 'record-resolve.mjs')).href;
  const out = node(`
    import { register, createRequire } from 'node:module';
    register(${JSON.stringify(hooks)}, { data: { log: ${JSON.stringify(log)} } });
    const before = new Set(process.moduleLoadList);
    await import(${JSON.stringify(specifier)});
    const required = Object.keys(createRequire(import.meta.url).cache);
    const builtins = process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13));
    process.stdout.write(JSON.stringify({ required, builtins }));`);
  const { required, builtins } = JSON.parse(out) as { required: string[]; builtins: string[] };
  const urls = readFileSync(log, 'utf8').split('\n').filter((line) => line !== '' && !line.includes('record-resolve.mjs'));
  return { urls, required, builtins };
}

describe('the built entries (by bare specifier)', () => {
  it('package.json exports exactly these entries, types first in each', () => {
    const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json');
    expect(subpaths.map((key) => (key === '.' ? 'flow-alias-router' : `flow-alias-router/${key.slice(2)}`)).sort()).toEqual(
      Object.keys(ENTRIES).sort(),
    );
    for (const key of subpaths) expect(Object.keys(pkg.exports[key] as object)[0]).toBe('types');
  });

  it.each(Object.entries(ENTRIES))('%s exports what its source entry exports', (specifier, source) => {
    const names = JSON.parse(node(`process.stdout.write(JSON.stringify(Object.keys(await import(${JSON.stringify(specifier)})).sort()))`));
    expect(names).toEqual(Object.keys(source).sort());
    expect(names.length).toBeGreaterThan(0);
  });

  it('has one of every error class: instanceof holds across entries', () => {
    const out = node(`
      import { ValidationException, ResourceNotFoundException, FlowAliasRouterException, MemorySource } from 'flow-alias-router';
      import { FlowRegistry } from 'flow-alias-router/registry';
      import { bedrockApi } from 'flow-alias-router/bedrock';
      import { MemoryStore } from 'flow-alias-router/stores';
      const caught = [];
      try { new FlowRegistry().getFlow('no-such-flow'); } catch (e) { caught.push(e); }
      try { await bedrockApi(new FlowRegistry()).getFlow({ flowIdentifier: '' }); } catch (e) { caught.push(e); }
      try { new MemorySource().set('', '', []); } catch (e) { caught.push(e); }
      process.stdout.write(JSON.stringify(caught.map((e) => [e instanceof ValidationException || e instanceof ResourceNotFoundException, e instanceof FlowAliasRouterException, typeof MemoryStore])));`);
    expect(JSON.parse(out)).toEqual([
      [true, true, 'function'],
      [true, true, 'function'],
      [true, true, 'function'],
    ]);
  });

  it('the root entry loads the data plane only: no registry, dialect, server, database client or SigV4 library', () => {
    const { urls, required, builtins } = loadsOf('flow-alias-router');
    const files = urls.filter((url) => url.startsWith('file:'));
    const ours = [...new Set(files.filter((url) => url.includes('/dist/')))];
    const dependencies = files.filter((url) => url.includes('/node_modules/')).map((url) => url.replace(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\/.*/, '$1'));
    expect([...new Set(dependencies)]).toEqual(['lru-cache']);
    expect(required.filter((f) => f.includes('node_modules'))).toEqual([]);
    for (const url of ours) {
      const text = readFileSync(fileURLToPath(url), 'utf8');
      for (const marker of ['class FlowRegistry', 'function bedrockApi', 'function cloudflowApi', 'function createHandler', 'class MemoryStore', 'class PostgresStore']) {
        expect(text, `${url} holds ${marker}`).not.toContain(marker);
      }
    }
    for (const heavy of ['http', 'https', 'tls', 'crypto', 'net', '_http_client', 'zlib']) expect(builtins).not.toContain(heavy);
    // The entry and the chunks it shares with other entries (each set of entries that shares a module gets
    // one: the errors with every entry, the router's observer with ./openfeature, ...): each file is a
    // resolve, a read and a parse on a cold start, and the import-time gate (bench/gates.ts) bounds their cost.
    expect(ours.length).toBeLessThanOrEqual(7);
  });

  it.each(['flow-alias-router/registry', 'flow-alias-router/stores', 'flow-alias-router/bedrock', 'flow-alias-router/cloudflow'])(
    '%s loads no database client, no server and no SigV4 library',
    (specifier) => {
      const { urls, required } = loadsOf(specifier);
      const loaded = [...urls, ...required].filter((u) => /node_modules[\\/](pg|better-sqlite3|@smithy)[\\/]/.test(u));
      expect(loaded).toEqual([]);
      for (const url of urls.filter((u) => u.includes('/dist/'))) {
        expect(readFileSync(fileURLToPath(url), 'utf8')).not.toContain('function createHandler');
      }
    },
  );

  it('the CLI runs from the built package', () => {
    const out = execFileSync(process.execPath, ['dist/cli/main.js', 'help'], { encoding: 'utf8' });
    expect(out).toContain('serve');
  });
});
