import type { AliasRecord, FlowRecord, VersionRecord } from '../../src/registry/model.js';
import type { AsyncStore, RegistryStore, StoreProgram, StoredChange, StoreIdentity } from '../../src/stores/store.js';
import { deepFreeze } from '../../src/stores/records.js';

const AT = '2024-01-01T00:00:00.000Z';

export function flow(id: string, name = `flow-${id}`, definition?: unknown): FlowRecord {
  return deepFreeze({
    id,
    name,
    ...(definition === undefined ? {} : { definition }),
    status: 'NotPrepared',
    tags: { team: 'a' },
    createdAt: AT,
    updatedAt: AT,
  } as FlowRecord);
}

export function version(flowId: string, n: number, definition?: unknown): VersionRecord {
  return deepFreeze({
    flowId,
    version: String(n),
    name: `flow-${flowId}`,
    ...(definition === undefined ? {} : { definition }),
    status: 'Prepared',
    createdAt: AT,
  } as VersionRecord);
}

export function alias(flowId: string, id: string, name = `alias-${id}`, versions: readonly string[] = ['DRAFT']): AliasRecord {
  return deepFreeze({
    flowId,
    id,
    name,
    routing: versions.map((v) => ({ version: v, weight: 1 })),
    tags: {},
    createdAt: AT,
    updatedAt: AT,
    revision: 1,
  });
}

export function change(aliasId: string, kind: StoredChange['kind'] = 'updated', flowId = 'FLOW000001'): Omit<StoredChange, 'revision'> {
  return { kind, identity: `arn:flow/${flowId}/alias/${aliasId}`, flowId, aliasId };
}

/** Any store, seen through promises: the suite runs one set of tests on sync and async stores alike. */
export interface TestStore {
  readonly kind: RegistryStore['kind'];
  readonly identity: StoreIdentity;
  read<T>(program: StoreProgram<T>): Promise<T>;
  write<T>(program: StoreProgram<T>): Promise<T>;
  revision(): Promise<number>;
  changesSince(revision: number, limit: number): Promise<readonly StoredChange[] | undefined>;
  close(): Promise<void>;
}

export function asTestStore(store: RegistryStore): TestStore {
  if (!store.synchronous) return store satisfies AsyncStore;
  return {
    kind: store.kind,
    identity: store.identity,
    read: async (program) => store.read(program),
    write: async (program) => store.write(program),
    revision: async () => store.revision(),
    changesSince: async (revision, limit) => store.changesSince(revision, limit),
    close: async () => store.close(),
  };
}

/** The rejection of `promise`, or undefined if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error;
  }
}
