import { InternalServerException, ServiceUnavailableException, isFlowAliasRouterException } from '../errors.js';

/**
 * SQLSTATE classes and codes that mean "the database is not available right now": the connection
 * (08), the server shutting down or starting (57P01-57P03), a statement timeout or cancel (57014),
 * too many connections (53), a lock timeout (55P03), a serialisation failure or deadlock (40).
 */
const RETRYABLE_CODE = /^(08|53|40)|^57P0[123]$|^57014$|^55P03$/;
/** Node socket errors: the server is unreachable or the connection broke. */
const SOCKET_CODE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNABORTED)$/;
/** What pg says, without a code, when a connection cannot be made or is lost. */
const DRIVER_MESSAGE = /connect|terminat|timeout|not queryable|ended|closed/i;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether the driver raised `error` with SQL state (the server answered) or not (the connection failed). */
function isServerError(error: unknown): boolean {
  return (error as { severity?: unknown } | null)?.severity !== undefined;
}

/**
 * Maps anything a PostgreSQL call threw to a typed exception: the program's own typed exceptions pass
 * unchanged; connection and availability failures become a retryable 503; anything else is a 500.
 */
export function postgresError(error: unknown): Error {
  if (isFlowAliasRouterException(error)) return error;
  const code = codeOf(error);
  const retryable = isServerError(error)
    ? code !== undefined && RETRYABLE_CODE.test(code)
    : (code !== undefined && SOCKET_CODE.test(code)) || (error instanceof Error && DRIVER_MESSAGE.test(error.message));
  if (retryable) {
    return new ServiceUnavailableException(`the PostgreSQL store is unavailable: ${(error as Error).message}; retry`, {
      code: 'StoreUnavailable',
      cause: error,
    });
  }
  return new InternalServerException('the PostgreSQL store failed', { cause: error });
}
