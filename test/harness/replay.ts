import path from 'node:path';
import { expect } from 'vitest';

/** The command that replays a property run: the same seed and run count reproduce every draw. */
export function replayCommand(seed: number, runs: number): string {
  const testPath = expect.getState().testPath;
  const file = testPath === undefined ? '<test file>' : path.relative(process.cwd(), testPath);
  return `FC_SEED=${seed} FC_RUNS=${runs} npx vitest run ${file}`;
}
