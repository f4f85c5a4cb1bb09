import { describe, expect, it } from 'vitest';
import { socketExchange, statuses, testServers } from './server/fixtures.js';

// Issue 14, item 12: a pipelined malformed request swallowed the response of the valid request before it,
// though that write was applied.

const start = testServers();

describe('issue 14, item 12: pipelined requests are answered in order', () => {
  it('answers the writes before a malformed request, then the malformed one, then closes', async () => {
    const t = await start({ insecureNoAuth: true });
    const port = new URL(t.url).port;
    const create = (name: string): string => {
      const body = JSON.stringify({ name, executionRoleArn: 'arn:aws:iam::123456789012:role/flows' });
      return `POST /flows/ HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
    };
    const exchange = await socketExchange(t.url, [`${create('one')}${create('two')}NOT HTTP AT ALL\r\n\r\n`], { waitMs: 5000 });
    expect(statuses(exchange.text)).toEqual([201, 201, 400]);
    expect(exchange.closed).toBe(true);
    expect((await t.registry.listFlows()).map((flow) => flow.name).sort()).toEqual(['one', 'two']);
  });
});
