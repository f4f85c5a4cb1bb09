/** `flow-alias-router/stores`: where a `FlowRegistry` keeps its state. Opening a store loads its driver. */
export { MemoryStore } from './memory.js';
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from './sqlite.js';
export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from './postgres.js';
export type { StoreOptions } from './options.js';
export type {
  RegistryStore,
  SyncStore,
  AsyncStore,
  StoreIdentity,
  StoreUsage,
  StoredChange,
  StoreTx,
  StoreProgram,
  Step,
  SqlQuery,
  SqlRow,
  SqlValue,
  FlowRow,
  TokenRow,
  NonceClaim,
} from './store.js';
