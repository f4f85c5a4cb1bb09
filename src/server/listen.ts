import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FlowAliasRouterHandler } from './handler.js';
import { SERVER_SOCKET_LIMITS } from './limits.js';

export interface ListenOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
}

export interface ListeningServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly server: Server;
  /** Stops accepting, closes every connection and releases the handler. */
  close(): Promise<void>;
}

/** Serves a handler on `node:http` with the socket limits of docs/server.md. */
export function listen(handler: FlowAliasRouterHandler, options: ListenOptions = {}): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  const server = createServer(
    {
      maxHeaderSize: SERVER_SOCKET_LIMITS.maxHeaderSize,
      headersTimeout: SERVER_SOCKET_LIMITS.headersTimeout,
      requestTimeout: SERVER_SOCKET_LIMITS.requestTimeout,
      keepAliveTimeout: SERVER_SOCKET_LIMITS.keepAliveTimeout,
    },
    handler,
  );
  server.maxHeadersCount = SERVER_SOCKET_LIMITS.maxHeadersCount;
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
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
            handler.close();
          }),
      });
    });
  });
}
