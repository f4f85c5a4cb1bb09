import { afterAll, beforeAll, inject } from 'vitest';
import { createDatabase } from '../harness/postgres.js';

/** Why this run has no PostgreSQL (the tests are then skipped with it), or '' when it has one. */
export const pgSkip = inject('pgSkip');
if (pgSkip !== '') console.warn(`PostgreSQL tests skipped: ${pgSkip}`);

/** This test file's own database on the run's server: files run in parallel. `url()` is set in beforeAll. */
export function fileDatabase(label: string): { url(): string } {
  let url = '';
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    if (pgSkip !== '') return;
    const database = await createDatabase(inject('pgUrl'), label);
    url = database.url;
    drop = database.drop;
  });
  afterAll(async () => {
    await drop?.();
  });
  return { url: () => url };
}
