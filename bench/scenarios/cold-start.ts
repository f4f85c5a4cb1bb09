import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ColdStart, FamilyOutput, Mode } from '../harness/results.js';
import { median, round3 } from '../harness/stats.js';

/**
 * What a serverless start handler pays on every cold start: the time to import the package in a fresh Node
 * process beyond a bare one, and the size of dist/. Each run starts two processes, one importing the built
 * entry point and one not, in alternating order, and the medians are compared; the importing process also
 * times its own `await import()` with performance.now().
 */
const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist');
const ENTRY = join(DIST, 'index.js');
const BARE = 'process.stdout.write("0")';
const IMPORTING = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(ENTRY).href)}); process.stdout.write(String(performance.now() - t))`;

/** Issue 13: both by bare specifier, as a user's handler imports them (the package resolves itself). */
const IMPORT_ROOT = `const t = performance.now(); await import('flow-alias-router'); process.stdout.write(String(performance.now() - t))`;
const IMPORT_LRU = `const t = performance.now(); await import('lru-cache'); process.stdout.write(String(performance.now() - t))`;
const ENTRIES = ['flow-alias-router', 'flow-alias-router/registry', 'flow-alias-router/stores', 'flow-alias-router/bedrock', 'flow-alias-router/cloudflow', 'flow-alias-router/server'];
const IMPORT_ALL = `for (const e of ${JSON.stringify(ENTRIES)}) await import(e); process.stdout.write('0')`;
/** A serverless handler's cold path: import, a Router on a MemorySource, the first pick. */
const HANDLER = `const t = performance.now();
const { MemorySource, Router } = await import('flow-alias-router');
const source = new MemorySource();
source.set('checkout', 'live', [{ version: '1', weight: 80 }, { version: '2', weight: 20 }]);
const router = new Router({ source });
if (typeof router.pick('checkout', 'live') !== 'string') throw new Error('no pick');
process.stdout.write(String(performance.now() - t))`;

function timedProcess(source: string): { wallMs: number; output: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`cold-start child failed: ${child.stderr}`);
  return { wallMs, output: child.stdout };
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The package's own modules `import` reaches from the entry point, following static relative imports. */
function entryClosure(): { modules: string[]; dependencies: string[] } {
  const seen = new Set<string>();
  const dependencies = new Set<string>();
  const pending = [ENTRY];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
      else if (!specifier.startsWith('node:')) dependencies.add(specifier);
    }
  }
  return { modules: [...seen], dependencies: [...dependencies].sort() };
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  const runs = mode === 'ci' ? 5 : 21;
  const bare: number[] = [];
  const importing: number[] = [];
  const imports: number[] = [];
  timedProcess(BARE);
  timedProcess(IMPORTING);
  timedProcess(IMPORT_ROOT);
  timedProcess(IMPORT_LRU);
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? [false, true] : [true, false];
    for (const withImport of order) {
      const result = timedProcess(withImport ? IMPORTING : BARE);
      (withImport ? importing : bare).push(result.wallMs);
      if (withImport) imports.push(Number(result.output));
    }
  }
  // Issue 13: root over lru-cache, every entry, the handler path; each kind in turn, rotating the order.
  const rootImports: number[] = [];
  const lruImports: number[] = [];
  const ratios: number[] = [];
  const allWall: number[] = [];
  const bareWall: number[] = [];
  const handlerIn: number[] = [];
  const handlerWall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const kinds = ['root', 'lru', 'all', 'bare', 'handler'];
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(k + i) % kinds.length];
      if (kind === 'root') rootImports.push(Number(timedProcess(IMPORT_ROOT).output));
      else if (kind === 'lru') lruImports.push(Number(timedProcess(IMPORT_LRU).output));
      else if (kind === 'all') allWall.push(timedProcess(IMPORT_ALL).wallMs);
      else if (kind === 'bare') bareWall.push(timedProcess(BARE).wallMs);
      else {
        const result = timedProcess(HANDLER);
        handlerWall.push(result.wallMs);
        handlerIn.push(Number(result.output));
      }
    }
    ratios.push(rootImports[i]! / lruImports[i]!);
  }
  const all = files(DIST);
  const js = all.filter((f) => f.endsWith('.js'));
  const closure = entryClosure();
  const size = (list: readonly string[]): number => list.reduce((total, f) => total + statSync(f).size, 0);
  const coldStart: ColdStart = {
    runs,
    processWithImportMs: round3(median(importing)),
    bareProcessMs: round3(median(bare)),
    importMs: round3(median(imports)),
    distBytes: size(all),
    distJsBytes: size(js),
    entryJsBytes: size(closure.modules),
    entryModules: closure.modules.length,
    dependencies: closure.dependencies,
    rootImportMs: round3(median(rootImports)),
    lruCacheImportMs: round3(median(lruImports)),
    rootOverLruCache: round3(median(ratios)),
    allEntriesOverBareMs: round3(median(allWall) - median(bareWall)),
    handlerMs: round3(median(handlerIn)),
    handlerOverBareMs: round3(median(handlerWall) - median(bareWall)),
  };
  return { coldStart };
}
