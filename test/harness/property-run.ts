import fc from 'fast-check';
import { replayCommand } from './replay.js';

/** A property with the parameters it was tuned for: its alpha depends on its run count, so they travel together. */
export interface PropertyRun<Ts> {
  readonly property: fc.IProperty<Ts>;
  readonly parameters: fc.Parameters<Ts>;
}

/** Runs a property under its parameters and the global seed; failures print the replay command (test/setup.ts). */
export function assertProperty<Ts>(run: PropertyRun<Ts>): void {
  fc.assert(run.property, run.parameters);
}

/**
 * For power tests: runs a property against a wrong implementation and returns the error it failed with. If
 * the property passes, that is the failure: it throws, naming the seed and the command that replays it. Stops
 * at the first failure, since shrinking a statistical counterexample would only cost time.
 */
export function failureOf<Ts>(run: PropertyRun<Ts>): unknown {
  const details = fc.check(run.property, { ...run.parameters, endOnFailure: true });
  if (!details.failed) {
    throw new Error(
      `the property accepted a wrong implementation on all ${details.numRuns} runs\n\nReplay: ${replayCommand(details.seed, run.parameters.numRuns ?? 100)}`,
    );
  }
  return details.errorInstance;
}

/**
 * Whether a property failed on one of its own checks (a vitest assertion or a statistical rejection) rather
 * than because the implementation crashed: a power test must see the check fire, not a TypeError.
 */
export function isCheckFailure(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AssertionError' || error.name === 'StatisticalRejection');
}
