import { describe, expect, it } from 'vitest';
import { createHandler, FlowRegistry, listen } from '../../test/all-entries.js';
import { raw } from './fixtures.js';

const ROLE = 'arn:aws:iam::123456789012:role/flows';

describe('listen close() drains', () => {
  it('answers the requests in flight before it closes, refuses new connections, and cuts after drainMs', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const handler = createHandler({ registry: new FlowRegistry(), insecureNoAuth: true, afterWrite: () => held });
    const server = await listen(handler, { port: 0, drainMs: 5000 });
    const body = JSON.stringify({ name: 'in-flight', executionRoleArn: ROLE });
    const inFlight = raw(server.url, { method: 'POST', path: '/flows/', body, headers: { 'content-type': 'application/json' } });
    // The write is committed and waiting in afterWrite when the close begins.
    await new Promise((resolve) => setTimeout(resolve, 100));
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    await expect(raw(server.url, { method: 'GET', path: '/flows/' })).rejects.toThrow(/ECONNREFUSED/);
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(201);
    expect(answer.headers.connection).toBe('close');
    await closing;
    expect(closed).toBe(true);
  });

  it('cuts a request still running after drainMs', async () => {
    const handler = createHandler({ registry: new FlowRegistry(), insecureNoAuth: true, afterWrite: () => new Promise<void>(() => undefined) });
    const server = await listen(handler, { port: 0, drainMs: 200 });
    const body = JSON.stringify({ name: 'stuck', executionRoleArn: ROLE });
    const stuck = raw(server.url, { method: 'POST', path: '/flows/', body, headers: { 'content-type': 'application/json' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await expect(stuck).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
