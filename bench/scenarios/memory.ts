import { MemorySource, Router } from 'flow-alias-router';
import { entriesFor, flat } from '../harness/fixtures.js';
import type { FamilyOutput, MemoryRow, Mode } from '../harness/results.js';
import { round3 } from '../harness/stats.js';
import { MEMORY } from './names.js';

/**
 * Bytes per cached alias at 100,000 aliases (run with --expose-gc): heap used plus external memory (typed
 * arrays over 64 bytes keep their data outside the heap) after full GCs, before the router is built and
 * after it has loaded every alias, divided by the aliases. It counts everything the
 * router keeps: compiled tables, cache entries, the two-level index, lru-cache's store (preallocated for
 * maxAliases) and the cache keys; not the source's configs, which a gateway holds anyway. The floor row is
 * a plain Map of 100,000 prepared `{ p0, v0, v1 }` configs under `flow/alias` keys, for scale.
 */
const FLOWS = 1000;
const PER_FLOW = 100;

function usedAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the memory family needs node --expose-gc');
  gc();
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

function names(): { flows: string[]; aliases: string[] } {
  return {
    flows: Array.from({ length: FLOWS }, (_, f) => flat(`flow-${String(f).padStart(4, '0')}`)),
    aliases: Array.from({ length: PER_FLOW }, (_, a) => flat(`alias-${String(a).padStart(3, '0')}`)),
  };
}

function routerBytesPerAlias(n: number): MemoryRow {
  const { flows, aliases } = names();
  const source = new MemorySource();
  for (const flow of flows) for (const alias of aliases) source.set(flow, alias, entriesFor(n));
  const before = usedAfterGc();
  const router = new Router({ source, maxAliases: FLOWS * PER_FLOW });
  for (const flow of flows) for (const alias of aliases) router.pick(flow, alias);
  const after = usedAfterGc();
  const count = router.stats().cache.size;
  if (count !== FLOWS * PER_FLOW) throw new Error(`expected ${FLOWS * PER_FLOW} cached aliases, got ${count}`);
  return {
    scenario: MEMORY,
    aliases: count,
    n,
    bytesPerAlias: round3((after - before) / count),
    note: `Router with ${n} versions per alias, stats on (the default)`,
  };
}

function floorBytesPerAlias(): MemoryRow {
  const { flows, aliases } = names();
  const before = usedAfterGc();
  const configs = new Map<string, { p0: number; v0: string; v1: string }>();
  for (const flow of flows) for (const alias of aliases) configs.set(flat(`${flow}/${alias}`), { p0: 0.8, v0: '1', v1: '2' });
  const after = usedAfterGc();
  return {
    scenario: MEMORY,
    aliases: configs.size,
    n: 2,
    bytesPerAlias: round3((after - before) / configs.size),
    note: 'floor: a Map of prepared { p0, v0, v1 } configs under flow/alias keys',
  };
}

export async function run(_mode: Mode): Promise<FamilyOutput> {
  return { memory: [routerBytesPerAlias(2), routerBytesPerAlias(10), floorBytesPerAlias()] };
}
