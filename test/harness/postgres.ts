import pg from 'pg';

export { EXTERNAL_PG_ENV, PG_BIN, missingPostgres, startCluster, type PgCluster } from './cluster.mjs';

/** `url` with another database name. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database on the server at `url`, so test files running in parallel never share tables. */
export async function createDatabase(url: string, label: string): Promise<{ readonly url: string; drop(): Promise<void> }> {
  const name = `far_${label}_${process.pid}_${Date.now().toString(36)}`;
  await admin(url, `CREATE DATABASE ${name}`);
  return { url: withDatabase(url, name), drop: () => admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined) };
}

/** Runs one statement on its own short-lived connection (not through any store under test). */
export async function admin(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
