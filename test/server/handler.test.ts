import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createHandler } from '../../src/server/handler.js';
import { listen } from '../../src/server/listen.js';
import { fieldOf } from '../field-of.js';
import { makeRegistry } from '../registry/fixtures.js';
import { KEY, seed, signedRaw } from './fixtures.js';

describe('createHandler', () => {
  it('refuses bad options, naming them', async () => {
    const registry = await makeRegistry();
    expect(fieldOf(() => createHandler(null as never))).toBe('options');
    expect(fieldOf(() => createHandler({ registry: {} as never, credentials: [KEY] }))).toBe('registry');
    expect(fieldOf(() => createHandler({ registry }))).toBe('credentials');
    expect(fieldOf(() => createHandler({ registry, credentials: [] }))).toBe('credentials');
    expect(fieldOf(() => createHandler({ registry, credentials: [KEY], limits: { maxBodyBytes: 0 } }))).toBe('limits.maxBodyBytes');
    expect(fieldOf(() => createHandler({ registry, credentials: [KEY], limits: { maxNonces: 5 } as never }))).toBe('limits.maxNonces');
    expect(fieldOf(() => createHandler({ registry, credentials: [KEY], rateLimit: { requestsPerSecond: -1 } }))).toBe(
      'rateLimit.requestsPerSecond',
    );
    expect(fieldOf(() => createHandler({ registry, credentials: [KEY], bedrock: { weightedRouting: 'yes' as never } }))).toBe(
      'options.weightedRouting',
    );
  });

  it('mounts on a plain node:http server', async () => {
    const registry = await makeRegistry();
    await seed(registry);
    const handler = createHandler({ registry, credentials: [KEY] });
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const response = await signedRaw(url, { method: 'GET', path: '/routing/flows/checkout/aliases/live' });
      expect(response.status).toBe(200);
    } finally {
      handler.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers an unexpected failure as InternalServerException without details, and reports it to onError', async () => {
    const registry = await makeRegistry();
    const reported: unknown[] = [];
    const bug = new TypeError('cannot read properties of undefined');
    const handler = createHandler({
      registry,
      credentials: [KEY],
      afterWrite: () => {
        throw bug;
      },
      onError: (error) => reported.push(error),
    });
    const server = await listen(handler, { port: 0 });
    try {
      const body = JSON.stringify({ name: 'checkout', executionRoleArn: 'arn:aws:iam::123456789012:role/flows' });
      const response = await signedRaw(server.url, { method: 'POST', path: '/flows/', body });
      expect(response.status).toBe(500);
      expect(response.headers['x-amzn-errortype']).toBe('InternalServerException');
      expect(JSON.stringify(response.json)).not.toContain('undefined');
      expect(reported).toEqual([bug]);
    } finally {
      await server.close();
    }
  });
});
