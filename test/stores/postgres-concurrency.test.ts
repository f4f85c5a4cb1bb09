import { afterAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableException } from '../../src/errors.js';
import { openPostgresStore, type PostgresStore } from '../../src/stores/postgres.js';
import { admin } from '../harness/postgres.js';
import { flow, rejectionOf } from './fixtures.js';
import { fileDatabase, pgSkip } from './pg-context.js';
import { bumpCounter, counterValue, createCounter, sleep, untilAvailable } from './pg-traffic.js';

const db = fileDatabase('concurrency');

describe.skipIf(pgSkip !== '')('PostgresStore under concurrency and killed connections', () => {
  const stores: PostgresStore[] = [];
  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  it('two pools racing 50 read-modify-writes lose no update, and revisions follow commit order', async () => {
    const a = await openPostgresStore(db.url(), { schema: 'race', poolSize: 8 });
    const b = await openPostgresStore(db.url(), { schema: 'race', poolSize: 8 });
    stores.push(a, b);
    await a.write(createCounter);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).write(bumpCounter)));
    expect(await counterValue(b)).toBe(50);
    const byRevision = [...results].sort((x, y) => x.revision - y.revision);
    expect(byRevision.map((r) => r.revision)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    // Each write saw exactly the writes of lower revisions: revision order is commit order.
    expect(byRevision.map((r) => r.seen)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await a.revision()).toBe(51);
  });

  it('a connection killed mid-write leaves nothing partial, traffic gets typed 503s, and the pool recovers', async () => {
    const app = 'far-terminate-test';
    const store = await openPostgresStore(db.url(), { schema: 'terminate', poolSize: 4, applicationName: app });
    stores.push(store);
    await store.write(createCounter);
    const before = await store.revision();
    // A write that holds its transaction open (after its first writes) until it is killed.
    const doomed = rejectionOf(
      store.write(function* (tx) {
      yield* tx.nextRevision();
      yield* tx.putFlow({ record: flow('PARTIAL001', 'partial'), nextVersion: 1 });
        yield { sql: 'SELECT pg_sleep(4)', params: [] };
      }),
    );
    const traffic = Array.from({ length: 20 }, () => rejectionOf(store.write(bumpCounter)));
    let killed = 0;
    for (let i = 0; i < 40 && killed === 0; i++) {
      const sleeping = await admin(db.url(), `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'SELECT pg_sleep%'`, [app]);
      if ((sleeping.rows[0] as { n: number }).n > 0) {
        const result = await admin(db.url(), 'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1', [app]);
        killed = result.rows.filter((row: { ok: boolean }) => row.ok).length;
      } else await sleep(50);
    }
    expect(killed).toBeGreaterThan(0);
    const error = await doomed;
    expect(error).toBeInstanceOf(ServiceUnavailableException);
    // Every write of the traffic either committed or failed with the typed 503: nothing else.
    const outcomes = await Promise.all(traffic);
    for (const outcome of outcomes) if (outcome !== undefined) expect(outcome).toBeInstanceOf(ServiceUnavailableException);
    const committed = outcomes.filter((outcome) => outcome === undefined).length;
    const { value: after } = await untilAvailable(() => store.read((tx) => tx.flowById('PARTIAL001')));
    expect(after).toBeUndefined();
    expect(await counterValue(store)).toBe(committed);
    expect(await store.revision()).toBe(before + committed);
    const { value: next } = await untilAvailable(() => store.write(bumpCounter));
    expect(next).toEqual({ revision: before + committed + 1, seen: committed });
  });
});
