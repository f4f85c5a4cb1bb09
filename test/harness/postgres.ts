import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** Where Debian and Ubuntu put PostgreSQL 15's server binaries (FLOW_ALIAS_ROUTER_PG_BIN names another folder). */
export const PG_BIN = process.env.FLOW_ALIAS_ROUTER_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** An existing server the tests may use instead of starting their own (they create databases on it). */
export const EXTERNAL_PG_ENV = 'FLOW_ALIAS_ROUTER_TEST_PG';

/** Why no throwaway cluster can be started here, or undefined if one can. */
export function missingPostgres(): string | undefined {
  for (const tool of ['initdb', 'pg_ctl']) {
    if (!existsSync(join(PG_BIN, tool))) return `PostgreSQL 15 is not installed (no ${join(PG_BIN, tool)}); set ${EXTERNAL_PG_ENV} to use a server`;
  }
  return undefined;
}

/** A cluster this test run made: only these are ever stopped or restarted by a test. */
export interface PgCluster {
  readonly url: string;
  readonly port: number;
  /** Stops the server (`immediate`: like a crash; `fast`: disconnects everyone and shuts down cleanly). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  /** Whether the server answers (`pg_ctl status`). */
  running(): Promise<boolean>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool, as the `postgres` user when we are root (the server refuses to run as root). */
async function pgTool(tool: string, args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), [...args]];
  const { stdout } = await run(file, argv, { timeout: timeoutMs });
  return stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Makes and starts a throwaway PostgreSQL cluster in a temporary folder, on a free port, fsync off. */
export async function startCluster(): Promise<PgCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'far-pg-'));
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await pgTool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=300`;
  const cluster: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgTool('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
    },
    async stop(mode = 'immediate') {
      await pgTool('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
    },
    async running() {
      return pgTool('pg_ctl', ['-D', data, 'status']).then(
        () => true,
        () => false,
      );
    },
    async destroy() {
      if (await cluster.running()) await cluster.stop('immediate');
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return cluster;
}

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
