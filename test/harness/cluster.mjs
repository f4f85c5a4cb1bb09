// Throwaway PostgreSQL clusters for the tests and the fleet benchmarks (plain JS, so bench/ scripts can
// import it too; types in cluster.d.mts). Only clusters made here are ever stopped or restarted.
/* global process */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian and Ubuntu put PostgreSQL 15's server binaries (FLOW_ALIAS_ROUTER_PG_BIN names another folder). */
export const PG_BIN = process.env.FLOW_ALIAS_ROUTER_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** An existing server the tests may use instead of starting their own (they create databases on it). */
export const EXTERNAL_PG_ENV = 'FLOW_ALIAS_ROUTER_TEST_PG';

/** Why no throwaway cluster can be started here, or undefined if one can. */
export function missingPostgres() {
  for (const tool of ['initdb', 'pg_ctl']) {
    if (!existsSync(join(PG_BIN, tool))) return `PostgreSQL 15 is not installed (no ${join(PG_BIN, tool)}); set ${EXTERNAL_PG_ENV} to use a server`;
  }
  return undefined;
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool, as the `postgres` user when we are root (the server refuses to run as root). */
async function pgTool(tool, args, timeoutMs = 60_000) {
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), [...args]];
  const { stdout } = await run(file, argv, { timeout: timeoutMs });
  return stdout;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Makes and starts a throwaway PostgreSQL cluster in a temporary folder, on a free port of 127.0.0.1.
 * `fsync` is off unless asked for (tests); the fleet benchmarks measure with it on.
 */
export async function startCluster(options = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'far-pg-'));
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await pgTool('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', ...(options.fsync === true ? [] : ['--no-sync'])]);
  const fsync = options.fsync === true ? 'on' : 'off';
  const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=${fsync} -c max_connections=300`;
  const cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgTool('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
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
