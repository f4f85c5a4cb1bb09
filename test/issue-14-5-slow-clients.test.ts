import { describe, expect, it } from 'vitest';
import { SERVER_SOCKET_LIMITS } from '../src/server/limits.js';
import { socketExchange, statuses, testServers } from './server/fixtures.js';

// Issue 14, item 5: headers were promised within 10 s, yet a one-byte-a-second client lasted 31.8 s,
// because Node checks its timeouts only every connectionsCheckingInterval (30 s by default).

const start = testServers();
/** The documented bounds hold to within Node's checking interval (1 s) and a second of scheduling. */
const SLACK = 2000;

/** `text` one byte a second (bounded: at most `seconds` bytes). */
function trickle(text: string, seconds: number): (string | number)[] {
  return [...text.slice(0, seconds)].flatMap((c) => [c, 1000]);
}

describe('issue 14, item 5: slow clients are cut when documented (loopback, bounded)', () => {
  it(
    'cuts headers at 10 s, a whole request at 30 s and an idle keep-alive connection at 5 s',
    async () => {
      const t = await start({ insecureNoAuth: true });
      const port = new URL(t.url).port;
      const { headersTimeout, requestTimeout, keepAliveTimeout } = SERVER_SOCKET_LIMITS;
      const slowHead = `GET /flows/ HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-padding: ${'p'.repeat(60)}\r\n\r\n`;
      const post = `POST /flows/ HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n`;
      const idle = `GET /flows/ HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`;
      const [headers, body, keepAlive] = await Promise.all([
        socketExchange(t.url, trickle(slowHead, 40), { waitMs: headersTimeout + SLACK + 2000 }),
        socketExchange(t.url, [post, ...trickle('{"name":"'.padEnd(100, 'x'), 40)], { waitMs: requestTimeout + SLACK + 2000 }),
        socketExchange(t.url, [idle], { waitMs: keepAliveTimeout + SLACK + 2000 }),
      ]);
      expect(statuses(headers.text)).toEqual([408]);
      expect(headers.ms).toBeGreaterThanOrEqual(headersTimeout - 100);
      expect(headers.ms).toBeLessThanOrEqual(headersTimeout + SLACK);
      expect(statuses(body.text)).toEqual([408]);
      expect(body.ms).toBeGreaterThanOrEqual(requestTimeout - 100);
      expect(body.ms).toBeLessThanOrEqual(requestTimeout + SLACK);
      expect(statuses(keepAlive.text)).toEqual([200]);
      expect(keepAlive.closed).toBe(true);
      expect(keepAlive.ms).toBeGreaterThanOrEqual(keepAliveTimeout - 100);
      expect(keepAlive.ms).toBeLessThanOrEqual(keepAliveTimeout + SLACK);
    },
    SERVER_SOCKET_LIMITS.requestTimeout + 15_000,
  );
});
