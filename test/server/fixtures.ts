import { connect } from 'node:net';
import { request } from 'node:http';
import { BedrockAgentClient, CreateFlowCommand, CreateFlowVersionCommand, PrepareFlowCommand } from '@aws-sdk/client-bedrock-agent';
import { afterEach } from 'vitest';
import Client from '@alicloud/fnf-2019-03-15';
import * as openapi from '@alicloud/openapi-client';
import type { AliasRecord, FlowRecord } from '../../test/all-entries.js';
import { createHandler, type HandlerOptions } from '../../src/server/handler.js';
import { listen, type ListeningServer } from '../../src/server/listen.js';
import { emptyParams } from '../../src/server/params.js';
import { rpcSignature } from '../../src/server/rpc-signature.js';
import { signSigV4 } from '../../src/wire/sigv4-signer.js';
import { makeRegistry, type AnyRegistry } from '../registry/fixtures.js';

export const KEY = { accessKeyId: 'AKIDTEST0001', secretAccessKey: 'wJalr/K7MDENG+bPxRfiCY0001' };

export interface TestServer {
  readonly server: ListeningServer;
  readonly url: string;
  readonly registry: AnyRegistry;
  /** A comparable picture of everything the server could have changed: the registry's snapshot. */
  state(): Promise<unknown>;
  bedrock(credentials?: typeof KEY): BedrockAgentClient;
  cloudflow(credentials?: typeof KEY): Client;
  /** The newer generic client, on its RPC (HMAC-SHA1) path: Action and signature in the query, parameters in a form body. */
  openapi(credentials?: typeof KEY): OpenApiRpc;
  close(): Promise<void>;
}

/** A server on 127.0.0.1 and a random port over a fresh registry (or the one given), accepting KEY. */
export async function startTestServer(options: Partial<HandlerOptions> = {}): Promise<TestServer> {
  const registry = options.registry ?? (await makeRegistry());
  const server = await listen(createHandler({ credentials: [KEY], ...options, registry }), { port: 0 });
  const clients: Array<{ destroy(): void }> = [];
  return {
    server,
    url: server.url,
    registry,
    state: async () => registry.snapshot(),
    bedrock(credentials = KEY) {
      const client = new BedrockAgentClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    cloudflow(credentials = KEY) {
      return new Client({ endpoint: server.url, accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.secretAccessKey });
    },
    openapi(credentials = KEY) {
      return openApiRpc(server.port, credentials);
    },
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
    },
  };
}

/** Flow `checkout`, prepared, with versions 1 and 2, made through the AWS SDK on `t`; the client stays usable. */
export async function bedrockFlow(t: TestServer, executionRoleArn: string): Promise<{ client: BedrockAgentClient; flowId: string }> {
  const client = t.bedrock();
  const flow = await client.send(new CreateFlowCommand({ name: 'checkout', executionRoleArn }));
  await client.send(new PrepareFlowCommand({ flowIdentifier: flow.id }));
  await client.send(new CreateFlowVersionCommand({ flowIdentifier: flow.id }));
  await client.send(new CreateFlowVersionCommand({ flowIdentifier: flow.id }));
  return { client, flowId: flow.id as string };
}

/** Starts servers for a test file and closes every one after each test. Call at the top of the file. */
export function testServers(): (options?: Partial<HandlerOptions>) => Promise<TestServer> {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
  });
  return async (options = {}) => {
    const server = await startTestServer(options);
    servers.push(server);
    return server;
  };
}

export interface Seeded {
  readonly flow: FlowRecord & { readonly arn: string };
  readonly alias: AliasRecord & { readonly arn: string };
}

/** Flow `checkout` with versions 1 and 2 and alias `live` at 80/20, made directly in the registry. */
export async function seed(registry: AnyRegistry, name = 'checkout'): Promise<Seeded> {
  const flow = await registry.createFlow({ name, executionRoleArn: 'arn:aws:iam::123456789012:role/flows' });
  await registry.createVersion(flow.id);
  await registry.createVersion(flow.id);
  const alias = await registry.createAlias(flow.id, {
    name: 'live',
    routing: [
      { version: '1', weight: 80 },
      { version: '2', weight: 20 },
    ],
  });
  return { flow: { ...flow, arn: registry.flowArn(flow) }, alias: { ...alias, arn: registry.aliasArn(alias) } };
}

export interface OpenApiRpc {
  call(action: string, body: Record<string, string>): Promise<Record<string, unknown>>;
}

// The package is CommonJS compiled from TypeScript: its default export arrives one level deeper under ESM.
type OpenApiClientType = new (config: openapi.Config) => {
  callApi(params: openapi.Params, request: openapi.OpenApiRequest, runtime: never): Promise<unknown>;
};
const OpenApiClient = ((openapi.default as unknown as { default?: unknown }).default ?? openapi.default) as unknown as OpenApiClientType;

function openApiRpc(port: number, credentials: typeof KEY): OpenApiRpc {
  // signatureAlgorithm 'v2' selects the client's RPC path (doRPCRequest, HMAC-SHA1 signature version 1.0);
  // without it callApi signs with ACS3-HMAC-SHA256 headers, which this server does not accept.
  const client = new OpenApiClient(
    new openapi.Config({
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.secretAccessKey,
      endpoint: `127.0.0.1:${port}`, protocol: 'HTTP', signatureAlgorithm: 'v2' }),
  );
  return {
    async call(action, body) {
      const params = new openapi.Params({
        action,
        version: '2019-03-15',
        protocol: 'HTTP',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
      const runtime = {} as never; // every runtime option at its default
      const response = (await client.callApi(params, new openapi.OpenApiRequest({ body }), runtime)) as { body: Record<string, unknown> };
      return response.body;
    },
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly json: Record<string, unknown>;
}

/** One raw HTTP exchange (no client library in the way). */
export function raw(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Uint8Array; chunks?: number },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    // Host, port and path given apart, so the path goes out exactly as written (no dot-segment removal).
    const length = options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) };
    const headers = { ...length, ...options.headers };
    const target = { hostname, port, path: options.path, method: options.method ?? 'GET', headers };
    const req = request(target, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown>;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = { text };
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
      });
    });
    req.on('error', reject);
    if (options.chunks !== undefined) {
      // A chunked body larger than any cap, written until the server stops us (bounded by `chunks`).
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let written = 0;
      const pump = (): void => {
        while (written < (options.chunks ?? 0)) {
          written++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      req.on('error', () => undefined);
      pump();
    } else {
      req.end(options.body);
    }
  });
}

/** A SigV4-signed raw request, as the Bedrock SDK would sign it. */
export async function signedRaw(
  url: string,
  options: { method: string; path: string; body?: string | Uint8Array; headers?: Record<string, string>; key?: typeof KEY },
): Promise<RawResponse> {
  const body = typeof options.body === 'string' ? new TextEncoder().encode(options.body) : options.body;
  const signed = await signSigV4(options.key ?? KEY, 'us-east-1', {
    method: options.method,
    url: new URL(`${url}${options.path}`),
    ...(body === undefined ? {} : { body }),
  });
  return raw(url, { ...options, headers: { ...signed, 'content-type': 'application/json', ...options.headers }, ...(body === undefined ? {} : { body }) });
}

/** An Alibaba-RPC-signed raw request with these operation parameters, in the query (GET) or a form body (POST). */
export function rpcRaw(url: string, method: 'GET' | 'POST', operation: Record<string, string>, overrides: Record<string, string> = {}): Promise<RawResponse> {
  const params = Object.assign(emptyParams(), {
    Format: 'JSON',
    Version: '2019-03-15',
    AccessKeyId: KEY.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: crypto.randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...operation,
  });
  params.Signature = rpcSignature(KEY.secretAccessKey, method, params);
  Object.assign(params, overrides);
  const encoded = new URLSearchParams(params).toString();
  return method === 'GET'
    ? raw(url, { path: `/?${encoded}` })
    : raw(url, { method: 'POST', path: '/', body: encoded, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** A build-step middleware adding `weight`s to the serialised routingConfiguration (signed afterwards). */
export function withWeights(weights: readonly number[]) {
  return (next: (args: { request: unknown }) => Promise<unknown>) => async (args: { request: unknown }) => {
    const request = args.request as { body?: unknown; headers: Record<string, string> };
    // This SDK serialises JSON bodies to bytes (a Uint8Array) before the build step.
    const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array);
    const body = JSON.parse(text) as { routingConfiguration?: Array<Record<string, unknown>> };
    body.routingConfiguration?.forEach((item, i) => (item.weight = weights[i]));
    request.body = JSON.stringify(body);
    request.headers['content-length'] = String(Buffer.byteLength(request.body as string));
    return next(args);
  };
}

export interface SocketExchange {
  /** Everything the server wrote, as text. */
  readonly text: string;
  /** Whether the server closed the connection (else `waitMs` ran out). */
  readonly closed: boolean;
  /** Milliseconds from connecting to the close (or to the end of the wait). */
  readonly ms: number;
}

/**
 * One raw TCP conversation on loopback: writes `parts` (a string, or bytes with a pause in ms between
 * them), then collects what the server writes until it closes or `waitMs` passes. Bounded in time.
 */
export function socketExchange(
  url: string,
  parts: readonly (string | Buffer | number)[],
  options: { waitMs?: number; localAddress?: string; until?: (text: string) => boolean } = {},
): Promise<SocketExchange> {
  const { port } = new URL(url);
  const waitMs = options.waitMs ?? 5000;
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect({ port: Number(port), host: '127.0.0.1', ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }) });
    let text = '';
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (options.until?.(text) === true) finish(false);
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    void (async () => {
      for (const part of parts) {
        if (done) return;
        if (typeof part === 'number') await new Promise((r) => setTimeout(r, part));
        else if (!socket.destroyed) socket.write(part);
      }
    })();
  });
}

/** The status codes of every response in a raw exchange, in order. */
export function statuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}
