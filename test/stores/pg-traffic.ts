import { ServiceUnavailableException } from '../../src/errors.js';
import type { PostgresStore } from '../../src/stores/postgres.js';
import type { StoreTx } from '../../src/stores/store.js';
import { flow } from './fixtures.js';

export const COUNTER = 'COUNTER001';

/** Creates the counter flow (its nextVersion is the counter). */
export function* createCounter(tx: StoreTx) {
  yield* tx.nextRevision();
  yield* tx.putFlow({ record: flow(COUNTER, 'counter'), nextVersion: 0 });
}

/** A read-modify-write of the counter: answers this write's revision and the value it read. */
export function* bumpCounter(tx: StoreTx) {
  const revision = yield* tx.nextRevision();
  const row = yield* tx.flowById(COUNTER);
  if (row === undefined) throw new Error('no counter');
  yield* tx.putFlow({ record: row.record, nextVersion: row.nextVersion + 1 });
  return { revision, seen: row.nextVersion };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retries `run` while it answers 503, at most `attempts` times `pauseMs` apart: the store must recover by itself. */
export async function untilAvailable<T>(run: () => Promise<T>, attempts = 40, pauseMs = 250): Promise<{ value: T; failures: number }> {
  for (let failures = 0; ; failures++) {
    try {
      return { value: await run(), failures };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException) || failures + 1 >= attempts) throw error;
      await sleep(pauseMs);
    }
  }
}

export async function counterValue(store: PostgresStore): Promise<number | undefined> {
  return (await store.read((tx) => tx.flowById(COUNTER)))?.nextVersion;
}
