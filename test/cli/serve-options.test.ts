import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationException } from '../../test/all-entries.js';
import { parseServeArgs } from '../../src/cli/serve-options.js';

const ENV = { FLOW_ALIAS_ROUTER_CREDENTIALS: 'AKID1:s1,AKID2:s2' };

async function field(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationException);
  return (error as ValidationException).field;
}

describe('serve options', () => {
  it('defaults to 127.0.0.1:8080 with the keys of the environment and the default rate limit', async () => {
    expect(await parseServeArgs([], ENV)).toEqual({
      host: '127.0.0.1',
      port: 8080,
      store: { kind: 'memory' },
      importPath: undefined,
      pollIntervalMs: undefined,
      credentials: [
        { accessKeyId: 'AKID1', secretAccessKey: 's1' },
        { accessKeyId: 'AKID2', secretAccessKey: 's2' },
      ],
      credentialsFrom: '$FLOW_ALIAS_ROUTER_CREDENTIALS',
      insecureNoAuth: false,
      hostNames: ['localhost', '127.0.0.1', '::1'],
      maxConnections: undefined,
      maxConnectionsPerAddress: undefined,
      rateLimit: { requestsPerSecond: 1000 },
      limits: {},
      bedrockWeightedRouting: false,
      region: undefined,
      account: undefined,
    });
  });

  it('reads --credentials before the environment, and takes every option', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'far-serve-'));
    try {
      const file = join(dir, 'keys.json');
      await writeFile(file, JSON.stringify([{ accessKeyId: 'FILEKEY', secretAccessKey: 'x' }]));
      const config = await parseServeArgs(
        [
          '--credentials',
          file,
          '--port',
          '0',
          '--host',
          '::1',
          '--state',
          's.db',
          '--import',
          'old.json',
          '--poll-ms',
          '250',
          '--rate-limit',
          '0',
          '--max-body-bytes',
          '10',
          '--bedrock-weighted-routing',
          '--region',
          'eu-west-1',
          '--account',
          '111122223333',
        ],
        ENV,
      );
      expect(config).toMatchObject({
        host: '::1',
        port: 0,
        store: { kind: 'sqlite', path: 's.db' },
        importPath: 'old.json',
        pollIntervalMs: 250,
        credentials: [{ accessKeyId: 'FILEKEY' }],
        credentialsFrom: file,
        rateLimit: false,
        limits: { maxBodyBytes: 10 },
        bedrockWeightedRouting: true,
        region: 'eu-west-1',
        account: '111122223333',
      });
      expect((await parseServeArgs(['--rate-limit', '5', '--rate-burst', '7'], ENV)).rateLimit).toEqual({ requestsPerSecond: 5, burst: 7 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start without keys unless --insecure-no-auth, and refuses both together', async () => {
    expect(await field(parseServeArgs([], {}))).toBe('--credentials');
    expect(await parseServeArgs(['--insecure-no-auth'], ENV)).toMatchObject({ insecureNoAuth: true, credentials: undefined });
    expect(await field(parseServeArgs(['--insecure-no-auth', '--credentials', 'x.json'], {}))).toBe('--insecure-no-auth');
  });

  it('takes the store from --store, else from FLOW_ALIAS_ROUTER_STORE; --state is SQLite; never both', async () => {
    const url = 'postgres://far@127.0.0.1:5432/registry';
    expect((await parseServeArgs(['--store', url, '--schema', 'fleet_a'], ENV)).store).toEqual({ kind: 'postgres', url, schema: 'fleet_a' });
    expect((await parseServeArgs([], { ...ENV, FLOW_ALIAS_ROUTER_STORE: url })).store).toEqual({ kind: 'postgres', url, schema: undefined });
    expect((await parseServeArgs(['--state', 'x.db'], { ...ENV, FLOW_ALIAS_ROUTER_STORE: url })).store).toEqual({ kind: 'sqlite', path: 'x.db' });
    expect(await field(parseServeArgs(['--store', url, '--state', 'x.db'], ENV))).toBe('--store');
    expect(await field(parseServeArgs(['--store', 'mysql://x'], ENV))).toBe('--store');
    expect(await field(parseServeArgs([], { ...ENV, FLOW_ALIAS_ROUTER_STORE: 'file.db' }))).toBe('FLOW_ALIAS_ROUTER_STORE');
    expect(await field(parseServeArgs(['--schema', 'x'], ENV))).toBe('--schema');
    expect(await field(parseServeArgs(['--import', 'old.json'], ENV))).toBe('--import');
    expect(await field(parseServeArgs(['--poll-ms', '5'], ENV))).toBe('--poll-ms');
  });

  it('names the option at fault', async () => {
    expect(await field(parseServeArgs(['--port', '65536'], ENV))).toBe('--port');
    expect(await field(parseServeArgs(['--port=-1'], ENV))).toBe('--port');
    expect(await field(parseServeArgs(['--port', '-1'], ENV))).toBe('arguments');
    expect(await field(parseServeArgs(['--port', '80.5'], ENV))).toBe('--port');
    expect(await field(parseServeArgs(['--rate-burst', '0'], ENV))).toBe('--rate-burst');
    expect(await field(parseServeArgs([], { FLOW_ALIAS_ROUTER_CREDENTIALS: 'broken' }))).toBe('FLOW_ALIAS_ROUTER_CREDENTIALS[0]');
    expect(await field(parseServeArgs(['--colour', 'red'], ENV))).toBe('arguments');
    expect(await field(parseServeArgs(['extra'], ENV))).toBe('arguments');
  });
});
