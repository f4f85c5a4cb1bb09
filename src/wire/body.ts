import type { IncomingMessage } from 'node:http';
import { ValidationException } from '../errors.js';

/** The request ended before its body did (client abort, socket error); nothing is answered. */
export class RequestAbortedError extends Error {
  constructor(cause?: unknown) {
    super('the request was aborted', cause === undefined ? undefined : { cause });
    this.name = 'RequestAbortedError';
  }
}

const EMPTY = Buffer.alloc(0);

function tooLarge(maxBytes: number): ValidationException {
  return new ValidationException('body', `must be at most ${maxBytes} bytes`);
}

/**
 * An empty body, when a request's head says it has none (no Transfer-Encoding, and no Content-Length or 0:
 * RFC 9112, section 6.3), else undefined. Known as soon as the handler runs, so a bodiless request (a signed
 * GET) is admitted without a turn of the event loop; Node discards the empty rest when the response ends.
 * Requests only: a response without a length runs to the end of the connection.
 */
export function emptyRequestBody(request: IncomingMessage): Buffer | undefined {
  const headers = request.headers;
  if (headers['transfer-encoding'] !== undefined) return undefined;
  const length = headers['content-length'];
  return length === undefined || length === '0' ? EMPTY : undefined;
}

/** A check run once on the first bytes of a body that turns out longer than `atBytes`, before more is read. */
export interface BodyCheckpoint {
  readonly atBytes: number;
  /** Throws to refuse the body: reading stops and the read rejects with what it threw. */
  check(prefix: Buffer): void;
}

/**
 * Reads a whole message body, refusing one larger than `maxBytes` with a `ValidationException` as soon as
 * it is known to be too large (from Content-Length, or while streaming) without buffering the excess.
 * With a `checkpoint`, a body longer than its `atBytes` is read further only if the check passes on what
 * arrived so far. Used by the server for requests and by the remote source for responses.
 */
export function readBody(message: IncomingMessage, maxBytes: number, checkpoint?: BodyCheckpoint): Promise<Buffer> {
  const declared = message.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.reject(tooLarge(maxBytes));
  if (message.readableEnded) return Promise.resolve(EMPTY);
  // A message the parser has finished with nothing buffered has no body: answered now, without waiting a
  // turn of the event loop for 'end' (a bodiless request the head announces never gets here: see
  // `emptyRequestBody`).
  if (message.complete && message.readableLength === 0) {
    message.resume();
    return Promise.resolve(EMPTY);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      message.off('data', onData);
      message.off('end', onEnd);
      message.off('error', onError);
      message.off('aborted', onAborted);
    };
    let checked = checkpoint === undefined;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        // Stop reading; the caller answers with `Connection: close` so the rest is never buffered.
        message.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
      if (!checked && size > (checkpoint as BodyCheckpoint).atBytes) {
        checked = true;
        try {
          (checkpoint as BodyCheckpoint).check(Buffer.concat(chunks, size));
        } catch (error) {
          cleanup();
          message.pause();
          reject(error);
        }
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: unknown): void => {
      cleanup();
      reject(new RequestAbortedError(error));
    };
    const onAborted = (): void => {
      cleanup();
      reject(new RequestAbortedError());
    };
    message.on('data', onData);
    message.on('end', onEnd);
    message.on('error', onError);
    message.on('aborted', onAborted);
  });
}
