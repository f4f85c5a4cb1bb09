import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { cloudflowCode } from '../dialects/cloudflow/codes.js';
import { ValidationException } from '../errors.js';
import type { FlowAliasRouterHandler } from './handler.js';
import { SERVER_SOCKET_LIMITS } from './limits.js';

export interface ListenOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** How long `close()` waits for requests in flight to be answered before it cuts them. Default 10,000 ms. */
  readonly drainMs?: number;
}

export interface ListeningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  /**
   * Drains: stops accepting connections, closes idle ones, lets every request in flight be answered (on a
   * connection that then closes), and after `drainMs` cuts whatever is left; then releases the handler.
   */
  close(): Promise<void>;
}

/**
 * A request Node's HTTP parser refused before the handler saw it (headers too large, malformed request
 * line, header timeout). Answered as a typed error that both SDKs parse: `x-amzn-errortype` and `message`
 * for the AWS client, `Code`/`Message`/`RequestId` for the Alibaba one. Then the connection is closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, refusal] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', new ValidationException('headers', `must total at most ${SERVER_SOCKET_LIMITS.maxHeaderSize} bytes`)]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', new ValidationException('request', 'not received in time')]
        : [400, 'Bad Request', new ValidationException('request', 'malformed HTTP request')];
  const requestId = randomUUID();
  const message = refusal.message;
  const body = JSON.stringify({ message, Code: cloudflowCode(refusal), Message: message, RequestId: requestId });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json\r\n` +
      `x-amzn-errortype: ${refusal.name}\r\nx-amzn-requestid: ${requestId}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Serves a handler on `node:http` with the socket limits of docs/server.md. */
export function listen(handler: FlowAliasRouterHandler, options: ListenOptions = {}): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  const drainMs = options.drainMs ?? 10_000;
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let drained: (() => void) | undefined;
  const counted = (req: IncomingMessage, res: ServerResponse): void => {
    inFlight.add(res);
    // While draining, every answer closes its connection, so no keep-alive client holds the server open.
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) drained?.();
    });
    handler(req, res);
  };
  const server = createServer(
    {
      maxHeaderSize: SERVER_SOCKET_LIMITS.maxHeaderSize,
      headersTimeout: SERVER_SOCKET_LIMITS.headersTimeout,
      requestTimeout: SERVER_SOCKET_LIMITS.requestTimeout,
      keepAliveTimeout: SERVER_SOCKET_LIMITS.keepAliveTimeout,
    },
    counted,
  );
  server.maxHeadersCount = SERVER_SOCKET_LIMITS.maxHeadersCount;
  server.on('clientError', answerClientError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shown}:${address.port}`,
        host: address.address,
        port: address.port,
        server,
        close: async () => {
          draining = true;
          handler.drain?.();
          for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeIdleConnections();
          if (inFlight.size > 0) {
            let timer: NodeJS.Timeout | undefined;
            await new Promise<void>((done) => {
              drained = done;
              timer = setTimeout(done, drainMs);
            });
            clearTimeout(timer);
          }
          server.closeAllConnections();
          await closed;
          handler.close();
        },
      });
    });
  });
}
