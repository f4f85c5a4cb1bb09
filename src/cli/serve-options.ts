import { hostname, networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { ValidationException } from '../errors.js';
import { CREDENTIALS_ENV, parseCredentialsList, readCredentialsFile, type AccessKey } from '../server/credentials.js';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, SERVER_SOCKET_LIMITS, type RateLimit, type ServerLimits } from '../server/limits.js';

/** Where `serve` keeps the registry when `--store` is not given. */
export const STORE_ENV = 'FLOW_ALIAS_ROUTER_STORE';

export const SERVE_USAGE = [
  'serve the registry over HTTP: the Bedrock Agent REST and CloudFlow RPC protocols and the data plane',
  '            [--host 127.0.0.1] [--port 8080 (0: any free port)]',
  `            [--store postgres://USER@HOST:PORT/DB (else $${STORE_ENV}) [--schema flow_alias_router]`,
  '             | --state FILE (SQLite)] [--import STATE.json] [--poll-ms 1000]',
  `            [--credentials FILE (else $${CREDENTIALS_ENV}="id:secret,...")] [--insecure-no-auth]`,
  `            [--rate-limit N/s per key (0: off; default ${DEFAULT_RATE_LIMIT.requestsPerSecond})] [--rate-burst N]`,
  `            [--max-body-bytes N (default ${DEFAULT_LIMITS.maxBodyBytes})]`,
  `            [--max-unauthenticated-body-bytes N (default ${DEFAULT_LIMITS.maxUnauthenticatedBodyBytes})]`,
  `            [--max-connections N (default ${SERVER_SOCKET_LIMITS.maxConnections})]`,
  `            [--max-connections-per-address N (default ${SERVER_SOCKET_LIMITS.maxConnectionsPerAddress})]`,
  '            [--host-name NAME ... (the names clients reach it by; default: loopback and the bound address)]',
  '            [--insecure-allow-remote (--insecure-no-auth on a non-loopback --host)] [--bedrock-weighted-routing]',
  '            [--region us-east-1 (also the SigV4 scope region)] [--account 123456789012]',
  '            [--max-watchers 10000] [--watch-buffer 4096 (changes)] [--retain-revisions 10000 (new stores)]',
].join('\n');

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;
const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** Whether a bind address is loopback only. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/**
 * The names `serve` answers to when no `--host-name` is given: the loopback names and the bound address;
 * bound to every address, also this machine's host name and its interfaces' addresses.
 */
export function defaultHostNames(bindHost: string): readonly string[] {
  const names = new Set(['localhost', '127.0.0.1', '::1', bindHost.toLowerCase()]);
  if (WILDCARD.has(bindHost)) {
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces())) for (const a of addresses ?? []) names.add(a.address.toLowerCase());
  }
  names.delete('');
  return [...names];
}

/** The registry's store: in memory (lost on exit), a SQLite file (one machine), or PostgreSQL (a fleet). */
export type StoreConfig =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string | undefined };

export interface ServeConfig {
  readonly host: string;
  readonly port: number;
  readonly store: StoreConfig;
  /** A JSON state file of an earlier release (or a snapshot) to load into an empty store at start. */
  readonly importPath: string | undefined;
  /** How often the registry reads changes other replicas made (shared stores). */
  readonly pollIntervalMs: number | undefined;
  /** Undefined only with `insecureNoAuth`. */
  readonly credentials: readonly AccessKey[] | undefined;
  /** Where the keys came from, for the start-up line (never the keys). */
  readonly credentialsFrom: string;
  readonly insecureNoAuth: boolean;
  /** The names clients reach the server by (`Host`, signed by SigV4 clients): `--host-name`, or the defaults. */
  readonly hostNames: readonly string[];
  readonly maxConnections: number | undefined;
  readonly maxConnectionsPerAddress: number | undefined;
  readonly rateLimit: RateLimit | false;
  readonly limits: Partial<ServerLimits>;
  /** Most watchers parked at once on GET /routing/changes, and the changes kept in memory for them. */
  readonly maxWatchers: number | undefined;
  readonly watchBuffer: number | undefined;
  /** How many revisions of changes the store keeps (a watcher further behind is reset). */
  readonly retainRevisions: number | undefined;
  /** The Bedrock dialect's opt-in two-entry weighted routingConfiguration. */
  readonly bedrockWeightedRouting: boolean;
  readonly region: string | undefined;
  readonly account: string | undefined;
}

function integer(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new ValidationException(`--${option}`, `must be an integer from ${min} to ${max}`);
  }
  return number;
}

function parseOptions(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8080' },
        state: { type: 'string' },
        store: { type: 'string' },
        schema: { type: 'string' },
        import: { type: 'string' },
        'poll-ms': { type: 'string' },
        credentials: { type: 'string' },
        'insecure-no-auth': { type: 'boolean', default: false },
        'insecure-allow-remote': { type: 'boolean', default: false },
        'host-name': { type: 'string', multiple: true },
        'max-unauthenticated-body-bytes': { type: 'string' },
        'max-connections': { type: 'string' },
        'max-connections-per-address': { type: 'string' },
        'rate-limit': { type: 'string' },
        'rate-burst': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'max-watchers': { type: 'string' },
        'watch-buffer': { type: 'string' },
        'retain-revisions': { type: 'string' },
        'bedrock-weighted-routing': { type: 'boolean', default: false },
        region: { type: 'string' },
        account: { type: 'string' },
      },
    });
  } catch (error) {
    // node:util's parse errors (unknown option, missing value) as our typed error.
    throw new ValidationException('arguments', error instanceof Error ? error.message : String(error));
  }
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

function readStore(values: { state?: string | undefined; store?: string | undefined; schema?: string | undefined }, env: NodeJS.ProcessEnv): StoreConfig {
  const fromEnv = env[STORE_ENV]?.trim();
  const url = values.store ?? (values.state === undefined && fromEnv !== undefined && fromEnv.length > 0 ? fromEnv : undefined);
  if (values.store !== undefined && values.state !== undefined) {
    throw new ValidationException('--store', 'cannot be combined with --state: --state is the single-machine (SQLite) store');
  }
  if (url !== undefined) {
    if (!POSTGRES_URL.test(url)) throw new ValidationException(values.store === undefined ? STORE_ENV : '--store', 'must be a postgres:// URL');
    return { kind: 'postgres', url, schema: values.schema };
  }
  if (values.schema !== undefined) throw new ValidationException('--schema', 'applies to a PostgreSQL --store only');
  if (values.state !== undefined) return { kind: 'sqlite', path: values.state };
  return { kind: 'memory' };
}

/** Parses `serve`'s arguments and reads its credentials (file first, then the environment variable). */
export async function parseServeArgs(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ServeConfig> {
  const { values } = parseOptions(args);
  const store = readStore(values, env);
  if (values.import !== undefined && store.kind === 'memory') {
    throw new ValidationException('--import', 'needs a durable store to import into: --state FILE or --store URL');
  }
  const insecureNoAuth = values['insecure-no-auth'] === true;
  const host = values.host ?? '127.0.0.1';
  if (values['insecure-allow-remote'] === true && !insecureNoAuth) {
    throw new ValidationException('--insecure-allow-remote', 'applies to --insecure-no-auth only');
  }
  if (insecureNoAuth && !isLoopback(host) && values['insecure-allow-remote'] !== true) {
    throw new ValidationException(
      '--host',
      `must be a loopback address with --insecure-no-auth (anyone who reaches ${host} could change the registry); add --insecure-allow-remote to bind it anyway`,
    );
  }
  const hostNames = values['host-name'] ?? defaultHostNames(host);
  for (const name of hostNames) {
    if (!/^[^\s/?#@]{1,253}$/.test(name)) throw new ValidationException('--host-name', `${JSON.stringify(name.slice(0, 64))} is not a host name`);
  }
  const fromEnv = env[CREDENTIALS_ENV];
  let credentials: readonly AccessKey[] | undefined;
  let credentialsFrom = 'none';
  if (insecureNoAuth) {
    if (values.credentials !== undefined) {
      throw new ValidationException('--insecure-no-auth', 'cannot be combined with --credentials');
    }
  } else if (values.credentials !== undefined) {
    credentials = await readCredentialsFile(values.credentials);
    credentialsFrom = values.credentials;
  } else if (fromEnv !== undefined && fromEnv.trim().length > 0) {
    credentials = parseCredentialsList(fromEnv);
    credentialsFrom = `$${CREDENTIALS_ENV}`;
  } else {
    throw new ValidationException(
      '--credentials',
      `no access keys: pass --credentials FILE or set ${CREDENTIALS_ENV}="id:secret,..." (or --insecure-no-auth for local development)`,
    );
  }
  const requestsPerSecond = integer(values['rate-limit'], 'rate-limit', 0, 1_000_000_000) ?? DEFAULT_RATE_LIMIT.requestsPerSecond;
  const burst = integer(values['rate-burst'], 'rate-burst', 1, 1_000_000_000);
  const maxBodyBytes = integer(values['max-body-bytes'], 'max-body-bytes', 1, 64 * 1024 * 1024);
  const maxUnauthenticatedBodyBytes = integer(values['max-unauthenticated-body-bytes'], 'max-unauthenticated-body-bytes', 1, 64 * 1024 * 1024);
  return {
    host,
    port: integer(values.port, 'port', 0, 65535) ?? 8080,
    store,
    importPath: values.import,
    pollIntervalMs: integer(values['poll-ms'], 'poll-ms', 10, 60_000),
    credentials,
    credentialsFrom,
    insecureNoAuth,
    hostNames,
    maxConnections: integer(values['max-connections'], 'max-connections', 1, 1_000_000),
    maxConnectionsPerAddress: integer(values['max-connections-per-address'], 'max-connections-per-address', 1, 1_000_000),
    rateLimit: requestsPerSecond === 0 ? false : { requestsPerSecond, ...(burst === undefined ? {} : { burst }) },
    limits: {
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
      ...(maxUnauthenticatedBodyBytes === undefined ? {} : { maxUnauthenticatedBodyBytes }),
    },
    maxWatchers: integer(values['max-watchers'], 'max-watchers', 1, 1_000_000),
    watchBuffer: integer(values['watch-buffer'], 'watch-buffer', 1, 10_000_000),
    retainRevisions: integer(values['retain-revisions'], 'retain-revisions', 1, 10_000_000),
    bedrockWeightedRouting: values['bedrock-weighted-routing'] === true,
    region: values.region,
    account: values.account,
  };
}
