/**
 * Batches of operations, one batch per tinybench task call. tinybench times each call, and its overhead per
 * call (two timer reads and bookkeeping) is comparable to a whole pick, so a task runs `size` operations and
 * the harness divides by `size`.
 *
 * Each batch function is compiled from its own source text with `new Function`: a distinct function literal
 * gets its own feedback vector, so the loop's call to `op` stays monomorphic and TurboFan inlines the op (and
 * the pick behind it) into that loop, as it inlines a pick into a gateway's handler. One shared loop function
 * would see every contender's op, go megamorphic and add a real call to every contender alike, flattening the
 * ratios. The source differs per batch (its name carries a counter) so V8's compilation cache cannot hand
 * two contenders the same function.
 */

/**
 * One operation; `i` counts up across every batch of the contender (wrapping at 2^30, a multiple of every
 * power-of-two sequence an op rotates through with `i & mask`), so an op that rotates through keys or
 * aliases walks its whole sequence. Issue 13: `i` used to restart at 0 with each batch, so the 100,000-alias
 * scenario only ever touched the first few hundred aliases of its random sequence.
 */
export type Op = (i: number) => unknown;
export type AsyncOp = (i: number) => Promise<unknown>;

/** Never returned by an op: comparing each result against it keeps the result alive at the cost of a compare. */
const SINK: unknown = Object.freeze({ sink: true });

let compiled = 0;

type BatchFactory<F> = (op: unknown, sink: unknown) => F;

function compile<F>(body: string): BatchFactory<F> {
  compiled++;
  return new Function('op', 'sink', body.replaceAll('NAME', `batch_${compiled}`)) as BatchFactory<F>;
}

/** `i` wraps here: it stays a small integer (never a boxed double) however long a contender runs. */
const I_MASK = 0x3fffffff;

/**
 * A function running `op` `size` times, `i` continuing from where the previous batch stopped; returns how often the op returned the sink (never). One
 * such function serves a contender's calibration, warmup and timing, so the function timed is the one that
 * collected the feedback.
 */
export function batch(op: Op): (size: number) => number {
  const factory = compile<(size: number) => number>(
    `let next = 0; return function NAME(size) { let hits = 0; let i = next; for (let k = 0; k < size; k++) { if (op(i) === sink) hits++; i = (i + 1) & ${I_MASK}; } next = i; return hits; };`,
  );
  return factory(op, SINK);
}

/** Like `batch`, awaiting each op in turn (one microtask turn per op, as a gateway's `await` pays). */
export function asyncBatch(op: AsyncOp): (size: number) => Promise<number> {
  const factory = compile<(size: number) => Promise<number>>(
    `let next = 0; return async function NAME(size) { let hits = 0; let i = next; for (let k = 0; k < size; k++) { if ((await op(i)) === sink) hits++; i = (i + 1) & ${I_MASK}; } next = i; return hits; };`,
  );
  return factory(op, SINK);
}
