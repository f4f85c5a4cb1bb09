/**
 * The run budget of every property and the false-alarm budget of every statistical one, in one place.
 *
 * CI runs each property a fixed number of times under a fixed seed, so a run either passes or fails the same
 * way every time. `FC_RUNS` and `FC_SEED` override both for long local soaks (docs/testing.md).
 */

function readInteger(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** The seed of every property in CI. Any fixed value will do; this one is printed on failure. */
export const DEFAULT_SEED = 20_240_604;

/** FC_RUNS, if set: also the global default for properties that do not take their runs from `propertyRuns`. */
export const RUNS_OVERRIDE = readInteger('FC_RUNS');
if (RUNS_OVERRIDE !== undefined && RUNS_OVERRIDE < 1) throw new Error('FC_RUNS must be at least 1');

/** The seed every property runs under: FC_SEED if given, else the fixed CI seed. */
export const SEED = readInteger('FC_SEED') ?? DEFAULT_SEED;

/** True during a long local run (FC_RUNS set): the setup raises the time limits to match. */
export const SOAK = RUNS_OVERRIDE !== undefined;

/** How many configurations a property tries: its CI budget, or FC_RUNS for a soak. */
export function propertyRuns(ciRuns: number): number {
  return RUNS_OVERRIDE ?? ciRuns;
}

/**
 * The chance that one statistical property raises a false alarm under a fresh seed. Its checks share it by
 * Bonferroni: with R runs of C checks each, every check is made at level PROPERTY_ALPHA / (R * C).
 */
export const PROPERTY_ALPHA = 1e-4;

/** The significance level of one check in a property that makes `checksPerRun` checks on each of `runs` runs. */
export function checkAlpha(runs: number, checksPerRun = 1): number {
  return PROPERTY_ALPHA / (runs * checksPerRun);
}
