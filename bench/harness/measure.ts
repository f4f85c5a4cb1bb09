import { Bench } from 'tinybench';
import { asyncBatch, batch, type AsyncOp, type Op } from './loop.js';
import type { Mode, Row } from './results.js';
import { mean, median, quantile, round3 } from './stats.js';

/** One thing to time. Contenders of one family run interleaved, round after round, in one process. */
export interface Contender {
  readonly scenario: string;
  readonly impl: string;
  readonly n: number | null;
  readonly shape?: string;
  /** `impl` of the contender (same scenario family, same n and shape) this one is divided by. */
  readonly baseline: string | null;
  /** Scenario of the baseline when it differs from this contender's (a floor shared by several scenarios). */
  readonly baselineScenario?: string;
  readonly op: Op | AsyncOp;
  readonly async?: boolean;
  readonly note?: string;
}

export interface MeasureOptions {
  /** Interleaved rounds: every contender runs once per round, in an order rotated each round. */
  readonly rounds: number;
  /** tinybench time budget per contender per round, ms. */
  readonly timeMs: number;
  /** tinybench warmup per contender in the first round, ms (later rounds are already optimized). */
  readonly warmupMs: number;
  /** Aim for timed batches about this long, ns: long enough to dwarf the timer, short enough for many samples. */
  readonly batchNs: number;
  /**
   * Rotate the contenders' order each round (default). Without rotation, each contender of a two-contender
   * family always runs right after the other: the fair order when the caches are the subject (see
   * bench/scenarios/many-aliases.ts).
   */
  readonly rotate?: boolean;
}

export const FULL: MeasureOptions = { rounds: 15, timeMs: 60, warmupMs: 150, batchNs: 20_000 };
export const QUICK: MeasureOptions = { rounds: 9, timeMs: 25, warmupMs: 100, batchNs: 20_000 };

export function optionsFor(mode: Mode): MeasureOptions {
  return mode === 'ci' ? QUICK : FULL;
}

interface Prepared {
  readonly contender: Contender;
  readonly key: string;
  readonly size: number;
  readonly run: () => unknown;
  readonly roundMedians: number[];
  readonly all: number[];
}

function keyOf(scenario: string, impl: string, n: number | null, shape: string | undefined): string {
  return `${scenario}|${impl}|${n ?? '-'}|${shape ?? '-'}`;
}

/**
 * Ops per batch: a power of two near `batchNs` worth of ops, from an untimed trial of 20 ms (long enough for
 * the op to reach optimized code, so a slow first call does not shrink the batch).
 */
async function calibrate(run: (size: number) => unknown, batchNs: number): Promise<number> {
  const trial = 64;
  let best = Number.POSITIVE_INFINITY;
  const until = performance.now() + 20;
  for (let i = 0; i < 20 || performance.now() < until; i++) {
    const started = process.hrtime.bigint();
    await run(trial);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / trial);
  }
  const wanted = batchNs / Math.max(best, 0.5);
  return 2 ** Math.max(0, Math.min(12, Math.round(Math.log2(wanted))));
}

/**
 * Times every contender in `rounds` interleaved rounds. A round is one tinybench run over all contenders
 * (rotated start), so a burst of load from another process hits a few contenders of one round, not one
 * contender's whole measurement; each ratio is taken within a round, then the median across rounds.
 */
export async function measure(contenders: readonly Contender[], options: MeasureOptions): Promise<Row[]> {
  const prepared: Prepared[] = [];
  for (const contender of contenders) {
    const loop = contender.async === true ? asyncBatch(contender.op as AsyncOp) : batch(contender.op as Op);
    const size = await calibrate(loop, options.batchNs);
    const run = (): unknown => loop(size);
    const key = keyOf(contender.scenario, contender.impl, contender.n, contender.shape);
    if (prepared.some((p) => p.key === key)) throw new Error(`duplicate contender ${key}`);
    prepared.push({ contender, key, size, run, roundMedians: [], all: [] });
  }
  for (let round = 0; round < options.rounds; round++) {
    const bench = new Bench({
      time: options.timeMs,
      iterations: 8,
      warmup: round === 0,
      warmupTime: options.warmupMs,
      warmupIterations: 8,
      retainSamples: true,
      throws: true,
      timestampProvider: 'hrtimeNow',
    });
    const start = options.rotate === false ? 0 : round % prepared.length;
    const order = [...prepared.slice(start), ...prepared.slice(0, start)];
    for (const p of order) bench.add(p.key, p.run, p.contender.async === true ? { async: true } : { async: false });
    await bench.run();
    for (const p of order) {
      const result = bench.getTask(p.key)?.result;
      if (result === undefined || !('latency' in result) || result.latency.samples === undefined) {
        throw new Error(`no samples for ${p.key}`);
      }
      const perOp = result.latency.samples.map((ms) => (ms * 1e6) / p.size);
      p.roundMedians.push(median(perOp));
      for (const value of perOp) p.all.push(value);
    }
  }
  return prepared.map((p) => toRow(p, prepared));
}

function toRow(p: Prepared, all: readonly Prepared[]): Row {
  const c = p.contender;
  const base =
    c.baseline === null
      ? undefined
      : all.find((o) => o.key === keyOf(c.baselineScenario ?? c.scenario, c.baseline as string, c.n, c.shape)) ??
        all.find((o) => o.key === keyOf(c.baselineScenario ?? c.scenario, c.baseline as string, null, c.shape));
  if (c.baseline !== null && base === undefined) throw new Error(`baseline ${c.baseline} missing for ${p.key}`);
  const ratios = base === undefined ? [] : p.roundMedians.map((m, i) => m / (base.roundMedians[i] as number));
  return {
    scenario: c.scenario,
    impl: c.impl,
    n: c.n,
    ...(c.shape === undefined ? {} : { shape: c.shape }),
    nsPerOp: { mean: round3(mean(p.all)), median: round3(median(p.roundMedians)), p99: round3(quantile(p.all, 0.99)) },
    baseline: c.baseline,
    ratio: ratios.length === 0 ? null : round3(median(ratios)),
    ratioRange: ratios.length === 0 ? null : [round3(Math.min(...ratios)), round3(Math.max(...ratios))],
    roundMedians: p.roundMedians.map(round3),
    roundRatios: ratios.map(round3),
    processes: 1,
    batch: p.size,
    samples: p.all.length,
    ...(c.note === undefined ? {} : { note: c.note }),
  };
}
