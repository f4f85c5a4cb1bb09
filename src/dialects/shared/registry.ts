/**
 * A registry on any store. The dialects await every registry call, so one copy of each operation serves the
 * synchronous stores (memory, SQLite) and the asynchronous one (PostgreSQL) alike.
 */
export type { AnyRegistry } from '../../registry/registry.js';
