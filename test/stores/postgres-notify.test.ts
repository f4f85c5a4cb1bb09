import { describe, expect, it } from 'vitest';
import { FlowRegistry } from '../../src/registry/registry.js';
import { openPostgresStore, type PostgresStore } from '../../src/stores/postgres.js';
import { notifyChannelOf } from '../../src/stores/sql/dialect.js';
import { admin } from '../harness/postgres.js';
import { fileDatabase, pgSkip } from './pg-context.js';

const db = fileDatabase('notify');
const ROLE = 'arn:aws:iam::123456789012:role/flows';

/** Counts a store's wake-ups over one subscription (unsubscribing would close the listening connection). */
function wakeCounter(store: PostgresStore): { count(): number; stop(): void; after(n: number, ms: number): Promise<boolean> } {
  let wakes = 0;
  const stop = store.onCommit(() => wakes++);
  return {
    count: () => wakes,
    stop,
    async after(n, ms) {
      const deadline = Date.now() + ms;
      while (wakes < n && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      return wakes >= n;
    },
  };
}

/** Resolves with the time the next change event arrives, or undefined after `ms`. */
function nextChange(registry: FlowRegistry<PostgresStore>, ms: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(undefined);
    }, ms);
    const stop = registry.subscribe(() => {
      clearTimeout(timer);
      stop();
      resolve(performance.now());
    });
  });
}

describe.skipIf(pgSkip !== '')('PostgreSQL LISTEN/NOTIFY: a write wakes every replica on commit', () => {
  it('names a channel per schema within the identifier limit', () => {
    expect(notifyChannelOf('flow_alias_router')).toBe('far_changes_flow_alias_router');
    const long = notifyChannelOf('s'.repeat(63));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9_]+$/);
  });

  it('tells another replica of a change at once, long before its poll (60 s here)', async () => {
    const schema = 'notify_fast';
    const writer = new FlowRegistry({ store: await openPostgresStore(db.url(), { schema, poolSize: 2 }) });
    const reader = new FlowRegistry({ store: await openPostgresStore(db.url(), { schema, poolSize: 2 }), pollIntervalMs: 60_000 });
    try {
      const flow = await writer.createFlow({ name: 'f', executionRoleArn: ROLE });
      await writer.createVersion(flow.id);
      // The reader's feed reads its baseline, and its listener connects (it wakes once on connecting).
      reader.subscribe(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (let i = 0; i < 5; i++) {
        const heard = nextChange(reader, 5000);
        const acked = performance.now();
        await writer.createAlias(flow.id, { name: `a${i}`, routing: [{ version: '1', weight: 1 }] });
        const at = await heard;
        expect(at, `change ${i}`).toBeDefined();
        expect((at as number) - acked).toBeLessThan(1000);
      }
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });

  it('notifies only on commit: a write that rolls back wakes nobody', async () => {
    const schema = 'notify_rollback';
    const a = await openPostgresStore(db.url(), { schema, poolSize: 2 });
    const b = await openPostgresStore(db.url(), { schema, poolSize: 2 });
    const wakes = wakeCounter(b);
    try {
      expect(await wakes.after(1, 5000)).toBe(true); // the wake on connecting
      await a
        .write(function* (tx) {
          const revision = yield* tx.nextRevision();
          yield* tx.recordChanges([{ kind: 'updated', identity: 'x', flowId: 'F', aliasId: 'A' }], revision);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(wakes.count()).toBe(1);
      await a.write(function* (tx) {
        const revision = yield* tx.nextRevision();
        yield* tx.recordChanges([{ kind: 'updated', identity: 'x', flowId: 'F', aliasId: 'A' }], revision);
      });
      expect(await wakes.after(2, 5000)).toBe(true);
    } finally {
      wakes.stop();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('reconnects its listening connection when it is killed, and wakes its readers when it is back', async () => {
    const schema = 'notify_reconnect';
    const store = await openPostgresStore(db.url(), { schema, poolSize: 2, applicationName: 'far-notify-reconnect' });
    const wakes = wakeCounter(store);
    try {
      expect(await wakes.after(1, 5000)).toBe(true);
      const killed = await admin(
        db.url(),
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'far-notify-reconnect' AND query ILIKE 'LISTEN%'",
      );
      expect(killed.rowCount).toBe(1);
      expect(await wakes.after(2, 10_000)).toBe(true);
      // And it listens again: another process's commit wakes it.
      await admin(db.url(), `SELECT pg_notify('${notifyChannelOf(schema)}', '1')`);
      expect(await wakes.after(3, 5000)).toBe(true);
    } finally {
      wakes.stop();
      await store.close();
    }
  });
});
