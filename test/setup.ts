import fc from 'fast-check';
import { RUNS_OVERRIDE, SEED, SOAK } from './harness/budget.js';
import { replayCommand } from './harness/replay.js';

// Fixed seed in CI (FC_SEED overrides); every failure names the seed and the command that replays it.
// A global time limit stops a runaway property with its seed printed, before vitest's own timeout; an
// interrupted property fails rather than passing on fewer configurations than its alpha was set for.
fc.configureGlobal({
  seed: SEED,
  ...(RUNS_OVERRIDE === undefined ? {} : { numRuns: RUNS_OVERRIDE }),
  interruptAfterTimeLimit: SOAK ? 86_400_000 : 25_000,
  markInterruptAsFailure: true,
  reporter(details) {
    if (!details.failed) return;
    const report = fc.defaultReportMessage(details) ?? 'property failed';
    throw new Error(`${report}\n\nReplay: ${replayCommand(details.seed, details.runConfiguration.numRuns ?? 100)}`, {
      cause: details.errorInstance,
    });
  },
});
