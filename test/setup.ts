import fc from 'fast-check';

// A global fast-check budget so property suites fit CI; FC_RUNS and FC_SEED override it for long soaks.
const runs = process.env.FC_RUNS === undefined ? undefined : Number(process.env.FC_RUNS);
const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
fc.configureGlobal({
  ...(runs === undefined ? {} : { numRuns: runs }),
  ...(seed === undefined ? {} : { seed }),
  interruptAfterTimeLimit: runs === undefined ? 20_000 : 3_600_000,
  markInterruptAsFailure: false,
});
