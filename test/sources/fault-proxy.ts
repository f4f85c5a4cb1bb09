import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between a source and a server that a test breaks on purpose: refuse new
 * connections, cut every open one, cut the next answer after some bytes (a response cut mid-body), or
 * point it at another server.
 */
export interface FaultProxy {
  readonly url: string;
  /** Cuts every open connection; while `down`, new connections are closed at once. */
  cut(): void;
  setDown(down: boolean): void;
  /** The next answer from the server is cut after `bytes` bytes (its headers and part of its body). */
  cutNextAnswerAfter(bytes: number): void;
  /** Sends new connections to another server (open ones are cut). */
  retarget(url: string): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let upstream = new URL(target);
  let down = false;
  let cutAfter: number | undefined;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const remote = connect(Number(upstream.port), upstream.hostname);
    open.add(client);
    open.add(remote);
    const drop = (): void => {
      client.destroy();
      remote.destroy();
      open.delete(client);
      open.delete(remote);
    };
    client.on('error', drop).on('close', drop);
    remote.on('error', drop).on('close', drop);
    client.pipe(remote);
    remote.on('data', (chunk: Buffer) => {
      if (cutAfter !== undefined && chunk.length > cutAfter) {
        const keep = cutAfter;
        cutAfter = undefined;
        client.write(chunk.subarray(0, keep), () => drop());
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  const cutAll = (): void => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut: cutAll,
    setDown(value) {
      down = value;
      if (value) cutAll();
    },
    cutNextAnswerAfter(bytes) {
      cutAfter = bytes;
    },
    retarget(url) {
      upstream = new URL(url);
      cutAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
