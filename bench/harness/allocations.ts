import v8 from 'node:v8';
import { batch, type Op } from './loop.js';
import type { AllocationRow } from './results.js';
import { median, round3 } from './stats.js';

/**
 * Bytes allocated per op, over millions of ops, by heap accounting. For each chunk of a million ops:
 *
 *   allocated = (heap used after - heap used before) + sum over every GC in the chunk of (used before it - used after it)
 *
 * `v8.GCProfiler` reports the heap before and after each GC, so bytes a scavenge freed are counted too. The
 * figure is the median chunk divided by its ops: a one-off allocation (V8 rebuilding feedback after the
 * initial full GC, about 150 KB in the first chunk) does not count, an allocation in every pick does. Any
 * real allocation on the hot path is at least one 16-byte object per allocating call, so a pick allocating
 * once in a hundred calls shows 0.16 bytes per op, while the accounting itself (the heap-statistics reads)
 * is about 600 bytes per chunk: 0.0006. The op runs in the same compiled batch loop as in the timed
 * scenarios, warmed to optimized code first: unoptimized code boxes every double, which says nothing about
 * the steady state a gateway runs in.
 */
const CHUNK = 1_000_000;

interface ProfiledGc {
  readonly beforeGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
  readonly afterGC: { readonly heapStatistics: { readonly usedHeapSize: number } };
}

export interface AllocationSubject {
  readonly scenario: string;
  readonly impl: string;
  readonly n: number | null;
  readonly op: Op;
  readonly control?: boolean;
}

function chunkBytes(run: () => unknown): { bytes: number; gcs: number } {
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = v8.getHeapStatistics().used_heap_size;
  run();
  const after = v8.getHeapStatistics().used_heap_size;
  // The profiler's records are camelCase at run time, whatever @types/node says.
  const events = profiler.stop().statistics as unknown as readonly ProfiledGc[];
  let freed = 0;
  for (const event of events) freed += event.beforeGC.heapStatistics.usedHeapSize - event.afterGC.heapStatistics.usedHeapSize;
  return { bytes: after - before + freed, gcs: events.length };
}

export function measureAllocations(subject: AllocationSubject, ops: number): AllocationRow {
  const loop = batch(subject.op);
  const run = (): number => loop(CHUNK);
  for (let i = 0; i < 3; i++) run();
  (globalThis as { gc?: () => void }).gc?.();
  chunkBytes(run);
  const chunks = Math.max(3, Math.round(ops / CHUNK));
  const bytes: number[] = [];
  let gcs = 0;
  for (let i = 0; i < chunks; i++) {
    const chunk = chunkBytes(run);
    bytes.push(Math.max(0, chunk.bytes));
    gcs += chunk.gcs;
  }
  return {
    scenario: subject.scenario,
    impl: subject.impl,
    n: subject.n,
    ops: chunks * CHUNK,
    bytesPerOp: round3(median(bytes) / CHUNK),
    gcs,
    control: subject.control === true,
  };
}

/** A holder the control writes to, so escape analysis cannot remove its allocation. */
const retained: { value: unknown } = { value: undefined };

/** The positive control: one small object per op, which the method must see (16 bytes or more per op). */
export const ALLOCATING_CONTROL: AllocationSubject = {
  scenario: 'control',
  impl: 'one object per op',
  n: null,
  control: true,
  op: (i) => (retained.value = { i }),
};
