import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, raw, rpcRaw, seed, signedRaw, startTestServer, type RawResponse, type TestServer } from './fixtures.js';

let t: TestServer;
let FLOW = '';
beforeAll(async () => {
  t = await startTestServer({ limits: { maxBodyBytes: 4096, maxParameters: 50, maxJsonDepth: 8 } });
  FLOW = `/flows/${(await seed(t.registry)).flow.id}/`;
});
afterAll(async () => {
  await t.close();
});

/** Every refusal: the status, the typed error both ways the SDKs read it, and nothing changed. */
async function refused(send: () => Promise<RawResponse>, status: number, type: string, field?: string): Promise<RawResponse> {
  const before = await t.state();
  const response = await send();
  expect(response.status).toBe(status);
  expect(response.headers['x-amzn-errortype']).toBe(type);
  expect(response.json.message).toEqual(expect.any(String));
  if (field !== undefined) expect(response.json.fieldList).toEqual([expect.objectContaining({ name: field })]);
  expect(await t.state()).toEqual(before);
  return response;
}

async function cloudflowRefused(send: () => Promise<RawResponse>, status: number, code: string): Promise<RawResponse> {
  const before = await t.state();
  const response = await send();
  expect(response.status).toBe(status);
  expect(response.json).toEqual({ Code: code, Message: expect.any(String), RequestId: expect.any(String) });
  expect(response.headers['x-acs-request-id']).toBe(response.json.RequestId);
  expect(await t.state()).toEqual(before);
  return response;
}


describe('Bedrock protocol: bad input gets a typed 4xx and changes nothing', () => {
  it('refuses unsigned requests and a wrong secret with AccessDeniedException', async () => {
    await refused(() => raw(t.url, { path: '/flows/' }), 403, 'AccessDeniedException');
    await refused(
      () => signedRaw(t.url, { method: 'GET', path: '/flows/', key: { ...KEY, secretAccessKey: 'wrong' } }),
      403,
      'AccessDeniedException',
    );
  });

  it('refuses unknown paths and methods, and dot segments, with UnknownOperationException', async () => {
    await refused(() => signedRaw(t.url, { method: 'GET', path: '/nothing' }), 404, 'UnknownOperationException');
    await refused(() => signedRaw(t.url, { method: 'PATCH', path: FLOW }), 404, 'UnknownOperationException');
    await refused(() => raw(t.url, { path: '/flows/x/../FLOW000001/' }), 404, 'UnknownOperationException');
    await refused(() => raw(t.url, { method: 'OPTIONS', path: '/flows/' }), 404, 'UnknownOperationException');
  });

  it('refuses a body over the cap, declared or streamed, without reading it, and closes the connection', async () => {
    const big = await refused(
      () => signedRaw(t.url, { method: 'POST', path: '/flows/', body: JSON.stringify({ name: 'x'.repeat(5000) }) }),
      400,
      'ValidationException',
      'body',
    );
    expect(big.headers.connection).toBe('close');
    // Unsigned: refused from its head, before a byte of its body is read (issue 14, item 4).
    const unsigned = await refused(
      () => raw(t.url, { method: 'POST', path: '/flows/', headers: { 'transfer-encoding': 'chunked' }, chunks: 64 }),
      403,
      'AccessDeniedException',
    );
    expect(unsigned.headers.connection).toBe('close');
  });

  it('refuses malformed, non-object, deep, non-UTF-8 and prototype-polluting JSON, naming the body', async () => {
    for (const body of ['{"name":', '[1]', '"text"', `{"a":${'['.repeat(9)}${']'.repeat(9)}}`, '{"__proto__":{"polluted":true}}']) {
      await refused(() => signedRaw(t.url, { method: 'POST', path: '/flows/', body }), 400, 'ValidationException', 'body');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const notUtf8 = new Uint8Array([...new TextEncoder().encode('{"name":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
    await refused(() => signedRaw(t.url, { method: 'POST', path: '/flows/', body: notUtf8 }), 400, 'ValidationException', 'body');
  });

  it('refuses bad, unknown and repeated query parameters and URI members in the body, naming them', async () => {
    await refused(() => signedRaw(t.url, { method: 'GET', path: '/flows/?maxResults=ten' }), 400, 'ValidationException', 'maxResults');
    await refused(() => signedRaw(t.url, { method: 'GET', path: '/flows/?maxResults=1.5' }), 400, 'ValidationException', 'maxResults');
    await refused(() => signedRaw(t.url, { method: 'GET', path: '/flows/?colour=red' }), 400, 'ValidationException', 'colour');
    await refused(() => raw(t.url, { path: '/flows/?nextToken=a&nextToken=b' }), 400, 'ValidationException', 'nextToken');
    await refused(
      () => signedRaw(t.url, { method: 'DELETE', path: `${FLOW}?skipResourceInUseCheck=yes` }),
      400,
      'ValidationException',
      'skipResourceInUseCheck',
    );
    await refused(
      () => signedRaw(t.url, { method: 'PUT', path: FLOW, body: JSON.stringify({ flowIdentifier: 'OTHER00001', name: 'n' }) }),
      400,
      'ValidationException',
      'flowIdentifier',
    );
    await refused(() => signedRaw(t.url, { method: 'GET', path: FLOW, body: '{"a":1}' }), 400, 'ValidationException', 'body');
    const many = Array.from({ length: 51 }, (_, i) => `p${i}=1`).join('&');
    await refused(() => raw(t.url, { path: `/flows/?${many}` }), 400, 'ValidationException', 'query');
  });

  it('answers header abuse with a typed error before the handler runs', async () => {
    const before = await t.state();
    const huge = await raw(t.url, { path: '/flows/', headers: { 'x-filler': 'a'.repeat(20_000) } });
    expect(huge.status).toBe(431);
    expect(huge.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(huge.json).toMatchObject({ Code: 'InvalidArgument', message: expect.stringContaining('headers') });
    const garbage = await new Promise<string>((resolve) => {
      const socket = connect(t.server.port, '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(garbage).toContain('x-amzn-errortype: ValidationException');
    expect(await t.state()).toEqual(before);
  });
});

describe('CloudFlow protocol: bad input gets a typed 4xx and changes nothing', () => {
  it('refuses unsigned, wrongly signed, expired and replayed requests with 403', async () => {
    await cloudflowRefused(() => raw(t.url, { path: '/?Action=DescribeFlow&Version=2019-03-15&Name=f' }), 403, 'IncompleteSignature');
    await cloudflowRefused(() => rpcRaw(t.url, 'GET', { Action: 'DescribeFlow', Name: 'f' }, { Signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }), 403, 'SignatureDoesNotMatch');
    await cloudflowRefused(() => rpcRaw(t.url, 'POST', { Action: 'DescribeFlow', Name: 'f', Timestamp: '2020-01-01T00:00:00Z' }), 403, 'InvalidTimeStamp.Expired');
    await cloudflowRefused(() => rpcRaw(t.url, 'GET', { Action: 'DescribeFlow', Name: 'f', AccessKeyId: 'NOBODY' }), 403, 'InvalidAccessKeyId.NotFound');
    const once = { Action: 'DescribeFlow', Name: 'checkout', SignatureNonce: 'nonce-once-only' };
    expect((await rpcRaw(t.url, 'POST', once)).status).toBe(200);
    await cloudflowRefused(() => rpcRaw(t.url, 'POST', once), 403, 'SignatureNonceUsed');
  });

  it('refuses a missing or unknown Action, a wrong Version or Format, and other methods', async () => {
    await cloudflowRefused(() => rpcRaw(t.url, 'GET', { Name: 'f' }), 400, 'InvalidArgument');
    await cloudflowRefused(() => rpcRaw(t.url, 'GET', { Action: 'StartExecution', Name: 'f' }), 404, 'InvalidAction.NotFound');
    await cloudflowRefused(() => rpcRaw(t.url, 'GET', { Action: 'DescribeFlow', Name: 'f', Version: '2020-01-01' }), 400, 'InvalidVersion');
    await cloudflowRefused(() => rpcRaw(t.url, 'GET', { Action: 'DescribeFlow', Name: 'f', Format: 'XML' }), 400, 'InvalidArgument');
    await cloudflowRefused(() => raw(t.url, { method: 'PUT', path: '/' }), 404, 'InvalidAction.NotFound');
  });

  it('refuses unknown, mistyped and malformed parameters, naming them', async () => {
    const named = async (operation: Record<string, string>, field: string) =>
      expect((await cloudflowRefused(() => rpcRaw(t.url, 'POST', operation), 400, 'InvalidArgument')).json.Message).toMatch(
        new RegExp(`^${field.replace(/\./g, '\\.')}: `),
      );
    await named({ Action: 'DescribeFlow', Name: 'f', Colour: 'red' }, 'Colour');
    await named({ Action: 'ListFlowAliases', FlowName: 'f', Limit: 'ten' }, 'Limit');
    await named({ Action: 'CreateFlowAlias', FlowName: 'f', Name: 'a', RoutingConfigurations: '[{"Version":"1",' }, 'RoutingConfigurations');
    await named({ Action: 'CreateFlowAlias', FlowName: 'f', Name: 'a', RoutingConfigurations: '[{"__proto__":{}}]' }, 'RoutingConfigurations');
    await named({ Action: 'CreateFlowAlias', FlowName: 'f', Name: 'a', 'RoutingConfigurations.2.Version': '1' }, 'RoutingConfigurations.1');
    await named(
      { Action: 'CreateFlowAlias', FlowName: 'f', Name: 'a', RoutingConfigurations: '[]', 'RoutingConfigurations.1.Version': '1' },
      'RoutingConfigurations',
    );
    await named({ Action: 'DescribeFlow', Name: 'f', 'RoutingConfigurations.1.Version': '1' }, 'RoutingConfigurations.1.Version');
  });

  it('refuses a form body over the cap', async () => {
    const big = await cloudflowRefused(
      () =>
        raw(t.url, {
          method: 'POST',
          path: '/',
          body: `Action=DescribeFlow&Name=${'x'.repeat(5000)}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      400,
      'InvalidArgument',
    );
    expect(big.json.Message).toMatch(/^body: /);
    expect(big.headers.connection).toBe('close');
  });

  it('refuses a body that is not a form, and a parameter given in both query and body', async () => {
    await cloudflowRefused(
      () => raw(t.url, { method: 'POST', path: '/', body: '{"Action":"DescribeFlow"}', headers: { 'content-type': 'application/json' } }),
      400,
      'InvalidArgument',
    );
    await cloudflowRefused(
      () => raw(t.url, { method: 'POST', path: '/?Action=DescribeFlow', body: 'Action=DescribeFlow', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      400,
      'InvalidArgument',
    );
  });
});

describe('rate limiting', () => {
  it('answers ThrottlingException / 429 per access key, in both protocols', async () => {
    let now = Date.now();
    const limited = await startTestServer({ rateLimit: { requestsPerSecond: 1, burst: 2 }, wallClock: () => now });
    try {
      await seed(limited.registry);
      for (let i = 0; i < 2; i++) expect((await signedRaw(limited.url, { method: 'GET', path: '/flows/' })).status).toBe(200);
      const throttled = await signedRaw(limited.url, { method: 'GET', path: '/flows/' });
      expect(throttled.status).toBe(429);
      expect(throttled.headers['x-amzn-errortype']).toBe('ThrottlingException');
      expect(throttled.headers['retry-after']).toBe('1');
      const cloudflow = await rpcRaw(limited.url, 'GET', { Action: 'DescribeFlow', Name: 'f' });
      expect(cloudflow.status).toBe(429);
      expect(cloudflow.json.Code).toBe('Throttling');
      now += 1000;
      expect((await rpcRaw(limited.url, 'GET', { Action: 'DescribeFlow', Name: 'checkout' })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('CloudFlow protocol: the three ways clients place parameters', () => {
  it('accepts all-in-query (GET), all-in-body (POST) and the openapi split (query + form body)', async () => {
    const operation = { Action: 'DescribeFlowAlias', FlowName: 'checkout', Name: 'live' };
    const answers = [
      (await rpcRaw(t.url, 'GET', operation)).json,
      (await rpcRaw(t.url, 'POST', operation)).json,
      await t.openapi().call('DescribeFlowAlias', { FlowName: 'checkout', Name: 'live' }),
    ];
    for (const answer of answers) {
      expect(answer).toMatchObject({ Alias: { Name: 'live', RoutingConfigurations: [{ Version: '1', Weight: 80 }, { Version: '2', Weight: 20 }] } });
    }
  });
});
