import { afterAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableException, ValidationException } from '../../src/errors.js';
import { openPostgresStore, type PostgresStore } from '../../src/stores/postgres.js';
import { flow, rejectionOf } from './fixtures.js';
import { fileDatabase, pgSkip } from './pg-context.js';
import { storeConformance } from './store.suite.js';

const db = fileDatabase('conformance');
let schemas = 0;

describe.skipIf(pgSkip !== '')('postgres', () => {
  storeConformance('postgres', {
    async open(options) {
      const schema = `conformance_${++schemas}`;
      const open = (more = {}) => openPostgresStore(db.url(), { ...more, schema, poolSize: 2 });
      return { store: await open(options), reopen: open };
    },
  });

  describe('PostgresStore', () => {
    const stores: PostgresStore[] = [];
    afterAll(async () => {
      for (const store of stores) await store.close();
    });

    it('keeps two schemas of one database apart', async () => {
      const a = await openPostgresStore(db.url(), { schema: 'tenant_a', region: 'eu-west-1' });
      const b = await openPostgresStore(db.url(), { schema: 'tenant_b', region: 'us-west-2' });
      stores.push(a, b);
      await a.write(function* (tx) {
        yield* tx.nextRevision();
        yield* tx.putFlow({ record: flow('FLOW000001', 'only-in-a'), nextVersion: 1 });
      });
      expect(await a.revision()).toBe(1);
      expect(await b.revision()).toBe(0);
      expect(await b.read((tx) => tx.listFlows())).toEqual([]);
      expect(await a.read((tx) => tx.flowIdByName('only-in-a'))).toBe('FLOW000001');
      expect([a.identity.region, b.identity.region]).toEqual(['eu-west-1', 'us-west-2']);
      expect(a.identity.epoch).not.toBe(b.identity.epoch);
    });

    it('answers 503 once closed', async () => {
      const store = await openPostgresStore(db.url(), { schema: 'closed', poolSize: 1 });
      await store.close();
      await store.close();
      const error = await rejectionOf(store.revision());
      expect(error).toBeInstanceOf(ServiceUnavailableException);
      expect((error as ServiceUnavailableException).code).toBe('StoreClosed');
    });

    it('migrates once when replicas start together', async () => {
      const opened = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(db.url(), { schema: 'together', poolSize: 1 })));
      stores.push(...opened);
      expect(new Set(opened.map((store) => store.identity.epoch)).size).toBe(1);
    });

    it('refuses a bad URL or schema name with the field at fault', async () => {
      for (const [url, options, field] of [
        ['mysql://x', {}, 'url'],
        [db.url(), { schema: 'Robert"); DROP' }, 'options.schema'],
        [db.url(), { schema: '1abc' }, 'options.schema'],
        [db.url(), { poolSize: 0 }, 'options.poolSize'],
        [db.url(), { connectTimeoutMs: 'soon' }, 'options.connectTimeoutMs'],
      ] as const) {
        const error = await rejectionOf(openPostgresStore(url, options as object));
        expect(error, field).toBeInstanceOf(ValidationException);
        expect((error as ValidationException).field).toBe(field);
      }
    });
  });
});
