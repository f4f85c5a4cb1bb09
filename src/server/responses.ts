import type { ServerResponse } from 'node:http';
import { cloudflowCode } from '../dialects/cloudflow/codes.js';
import { FlowAliasRouterException, InternalServerException, ThrottlingException, ValidationException } from '../errors.js';

/** Which wire format an error is written in: Bedrock's (also the data plane's) or CloudFlow's. */
export type Dialect = 'bedrock' | 'cloudflow';

export function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string>): void {
  sendJsonText(res, status, JSON.stringify(payload), headers);
}

/** Answers JSON text already written (`Router.explainJson`). */
export function sendJsonText(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** Any thrown value as one of our typed exceptions; anything else is an internal error, reported to `onError`. */
export function toException(error: unknown, onError: (error: unknown) => void): FlowAliasRouterException {
  if (error instanceof FlowAliasRouterException) return error;
  onError(error);
  return new InternalServerException('internal error; the server log has the details');
}

function errorHeaders(error: FlowAliasRouterException, closeConnection: boolean): Record<string, string> {
  return {
    ...(error instanceof ThrottlingException ? { 'retry-after': '1' } : {}),
    ...(closeConnection ? { connection: 'close' } : {}),
  };
}

/**
 * Writes an error in the dialect's format. Bedrock: the status, `x-amzn-errortype` naming the exception
 * (the SDK raises its typed error from it) and `{ message }`, plus `fieldList` for a validation error.
 * CloudFlow: the status and `{ Code, Message, RequestId }`.
 */
export function sendError(
  res: ServerResponse,
  dialect: Dialect,
  error: FlowAliasRouterException,
  requestId: string,
  closeConnection: boolean,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers = errorHeaders(error, closeConnection);
  if (dialect === 'cloudflow') {
    sendJson(res, error.httpStatus, { Code: cloudflowCode(error), Message: error.message, RequestId: requestId }, {
      ...headers,
      'x-acs-request-id': requestId,
    });
    return;
  }
  const payload =
    error instanceof ValidationException
      ? { message: error.message, fieldList: [{ name: error.field, message: error.message }] }
      : { message: error.message };
  sendJson(res, error.httpStatus, payload, { ...headers, 'x-amzn-errortype': error.name, 'x-amzn-requestid': requestId });
}
