import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { cloudflowCode } from '../dialects/cloudflow/codes.js';
import { FlowAliasRouterException, ServiceUnavailableException, ThrottlingException, ValidationException } from '../errors.js';
import type { FlowAliasRouterHandler } from './handler.js';
import { SERVER_SOCKET_LIMITS } from './limits.js';

export interface ListenOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** How long `close()` waits for requests in flight to be answered before it cuts them. Default 10,000 ms. */
  readonly drainMs?: number;
  /** Open connections at once; a new one beyond it is answered 503 and closed. Default 1,024. */
  readonly maxConnections?: number;
  /** Open connections at once from one client address; a new one beyond it is answered 429 and closed. Default 256. */
  readonly maxConnectionsPerAddress?: number;
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
  const [status, reason, refusal]: [number, string, FlowAliasRouterException] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', new ValidationException('headers', `must total at most ${SERVER_SOCKET_LIMITS.maxHeaderSize} bytes`)]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', new ValidationException('request', 'not received in time')]
        : [400, 'Bad Request', new ValidationException('request', 'malformed HTTP request')];
  endWith(socket, status, reason, refusal);
}

/** Writes a typed error response straight to a socket (both SDKs parse it) and closes it. */
function endWith(socket: Socket, status: number, reason: string, refusal: FlowAliasRouterException): void {
  const requestId = randomUUID();
  const message = refusal.message;
  const body = JSON.stringify({ message, Code: cloudflowCode(refusal), Message: message, RequestId: requestId });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json\r\n` +
      `x-amzn-errortype: ${refusal.name}\r\nx-amzn-requestid: ${requestId}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new ValidationException(name, 'must be a positive integer');
  return value;
}

/** Serves a handler on `node:http` with the socket limits of docs/server.md. */
export function listen(handler: FlowAliasRouterHandler, options: ListenOptions = {}): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  const drainMs = options.drainMs ?? 10_000;
  const maxConnections = positive(options.maxConnections, 'maxConnections', SERVER_SOCKET_LIMITS.maxConnections);
  const maxPerAddress = positive(options.maxConnectionsPerAddress, 'maxConnectionsPerAddress', SERVER_SOCKET_LIMITS.maxConnectionsPerAddress);
  const inFlight = new Set<ServerResponse>();
  /** The responses each connection still owes, in order: a parser error is answered only after them. */
  const owed = new WeakMap<Socket, Map<ServerResponse, IncomingMessage>>();
  /** Connections refused by the caps: their requests are never handled. */
  const refused = new WeakSet<Socket>();
  const perAddress = new Map<string, number>();
  let open = 0;
  let draining = false;
  let drained: (() => void) | undefined;
  const counted = (req: IncomingMessage, res: ServerResponse): void => {
    if (refused.has(req.socket)) return;
    inFlight.add(res);
    const socket = req.socket;
    let pending = owed.get(socket);
    const settle = (done: ServerResponse): void => {
      inFlight.delete(done);
      if (pending?.delete(done) === true && pending.size === 0) socket.emit('far:answered');
      if (inFlight.size === 0) drained?.();
    };
    if (pending === undefined) {
      const owedHere = new Map<ServerResponse, IncomingMessage>();
      pending = owedHere;
      owed.set(socket, owedHere);
      // A response queued behind one that closed the connection never emits 'close': the socket's close settles it.
      socket.once('close', () => {
        for (const queued of [...owedHere.keys()]) {
          inFlight.delete(queued);
          owedHere.delete(queued);
        }
        if (inFlight.size === 0) drained?.();
      });
    }
    pending.set(res, req);
    // While draining, every answer closes its connection, so no keep-alive client holds the server open.
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => settle(res));
    handler(req, res);
  };
  /** A malformed request after pipelined good ones: the good ones are answered first, in order, then this. */
  const clientError = (error: Error & { code?: string }, socket: Socket): void => {
    const pending = owed.get(socket);
    // A request still receiving its body (a timeout cut it) will never be answered: answer now. Otherwise
    // every owed request was read whole before the bad one, and its answer goes first.
    if (pending === undefined || pending.size === 0 || [...pending.values()].some((req) => !req.complete)) {
      answerClientError(error, socket);
      return;
    }
    socket.once('far:answered', () => answerClientError(error, socket));
  };
  const capConnections = (socket: Socket): void => {
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = (perAddress.get(address) ?? 0) + 1;
    perAddress.set(address, fromAddress);
    open++;
    socket.once('close', () => {
      open--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
    if (open <= maxConnections && fromAddress <= maxPerAddress) return;
    refused.add(socket);
    if (open > maxConnections) {
      endWith(socket, 503, 'Service Unavailable', new ServiceUnavailableException(`the server holds its ${maxConnections} connections; retry later`));
    } else {
      endWith(socket, 429, 'Too Many Requests', new ThrottlingException(`this address holds ${maxPerAddress} connections already; reuse them`));
    }
    // The client has a moment to read the answer; whatever it sends meanwhile is never handled.
    setTimeout(() => socket.destroy(), 1000).unref();
  };
  const server = createServer(
    {
      maxHeaderSize: SERVER_SOCKET_LIMITS.maxHeaderSize,
      headersTimeout: SERVER_SOCKET_LIMITS.headersTimeout,
      requestTimeout: SERVER_SOCKET_LIMITS.requestTimeout,
      keepAliveTimeout: SERVER_SOCKET_LIMITS.keepAliveTimeout,
      connectionsCheckingInterval: SERVER_SOCKET_LIMITS.connectionsCheckingInterval,
    },
    counted,
  );
  server.maxHeadersCount = SERVER_SOCKET_LIMITS.maxHeadersCount;
  server.on('connection', capConnections);
  server.on('clientError', clientError);
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
