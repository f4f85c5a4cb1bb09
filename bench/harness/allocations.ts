import v8 from 'node:v8';
import { batch, type Op } from './loop.js';
import type { AllocationRow } from './results.js';
import { round3 } from './stats.js';

/**
 * Bytes allocated per op, over many ops, by heap accounting:
 *
 *   allocated = (heap used after - heap used before) + sum over every GC in between of (used before it - used after it)
 *
 * `v8.GCProfiler` reports the heap before and after each GC, so bytes that a scavenge freed are counted
 * too, and no flag is needed. Any real allocation on the hot path is at least one 16-byte object per
 * allocating call, so a pick that allocates even once in eight calls shows at least 2 bytes per op, while
 * the accounting noise (the profiler, a timer) is a few kilobytes over millions of ops: far under 0.01.
 * The op runs in the same compiled batch loop as in the timed scenarios, warmed up to optimized code first:
 * unoptimized code boxes every double, which says nothing about the steady state a gateway runs in.
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

export function measureAllocations(subject: AllocationSubject, ops: number): AllocationRow {
  const loop = batch(subject.op);
  const run = (): number => loop(CHUNK);
  for (let i = 0; i < 3; i++) run();
  const chunks = Math.max(1, Math.round(ops / CHUNK));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = v8.getHeapStatistics().used_heap_size;
  for (let i = 0; i < chunks; i++) run();
  const after = v8.getHeapStatistics().used_heap_size;
  const report = profiler.stop();
  // The profiler's records are camelCase at run time, whatever @types/node says.
  const events = report.statistics as unknown as readonly ProfiledGc[];
  let freed = 0;
  for (const event of events) freed += event.beforeGC.heapStatistics.usedHeapSize - event.afterGC.heapStatistics.usedHeapSize;
  const total = chunks * CHUNK;
  return {
    scenario: subject.scenario,
    impl: subject.impl,
    n: subject.n,
    ops: total,
    bytesPerOp: round3(Math.max(0, after - before + freed) / total),
    gcs: events.length,
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
