import { FlowAliasRouterException, InternalServerException, ValidationException } from '../../errors.js';
import { MISSING_PARAMETER } from '../../input/fields.js';

/**
 * The one map from our exceptions to CloudFlow's `Code`, used by the CloudFlow API and by everything the
 * server answers in CloudFlow's format (protocol errors, auth, rate limits, malformed HTTP). Codes of the
 * references' error tables where they have one; the rest follow CloudFlow's naming (docs/dialects.md).
 */

/** The codes a `ValidationException` may carry on CloudFlow's wire; any other becomes `InvalidArgument`. */
const VALIDATION_CODES: ReadonlySet<string> = new Set(['InvalidArgument', 'MissingRequiredParams', 'InvalidVersion']);

/** The code of an exception that carries none of its own (its `code` is its class name). */
const BY_CLASS: Readonly<Record<string, string>> = {
  AccessDeniedException: 'AccessDenied',
  ResourceNotFoundException: 'ResourceNotFound',
  UnknownOperationException: 'InvalidAction.NotFound',
  ConflictException: 'ResourceConflict',
  ServiceQuotaExceededException: 'QuotaExceeded',
  ThrottlingException: 'Throttling',
  ServiceUnavailableException: 'ServiceUnavailable',
};

/** The registry's codes that CloudFlow spells its own way; every other registry code passes through. */
const BY_REGISTRY_CODE: Readonly<Record<string, string>> = {
  FlowNotFound: 'FlowNotExists',
  AliasNotFound: 'AliasNotExists',
};

/** CloudFlow's `Code` for `error`. Idempotent: an exception already carrying a CloudFlow code keeps it. */
export function cloudflowCode(error: FlowAliasRouterException): string {
  if (error instanceof ValidationException) {
    if (error.code === MISSING_PARAMETER) return 'MissingRequiredParams';
    return VALIDATION_CODES.has(error.code) ? error.code : 'InvalidArgument';
  }
  if (error instanceof InternalServerException) return 'InternalServerError';
  if (error.code === error.name) return BY_CLASS[error.name] ?? error.name;
  return BY_REGISTRY_CODE[error.code] ?? error.code;
}
