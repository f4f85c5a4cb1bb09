/**
 * The typed exceptions shared by every part of the library. Names, HTTP statuses and meanings follow the
 * Amazon Bedrock API references (Common Errors); CloudFlow dialect errors carry a CloudFlow-style `code`.
 */
export abstract class FlowAliasRouterException extends Error {
  abstract readonly httpStatus: number;
  /** A vendor error code for dialects that have one (CloudFlow's `Code`); defaults to the class name. */
  readonly code: string;

  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options?.code ?? new.target.name;
  }
}

/** Input validation failed; `field` names the field at fault, e.g. `RoutingConfigurations[1].Weight`. */
export class ValidationException extends FlowAliasRouterException {
  readonly httpStatus = 400;
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown; code?: string }) {
    super(`${field}: ${message}`, options);
    this.field = field;
  }
}

export class AccessDeniedException extends FlowAliasRouterException {
  readonly httpStatus = 403;
}

export class ResourceNotFoundException extends FlowAliasRouterException {
  readonly httpStatus = 404;
}

/** No operation matches the request: an unknown path or method (Bedrock) or an unknown `Action` (CloudFlow). */
export class UnknownOperationException extends FlowAliasRouterException {
  readonly httpStatus = 404;
}

export class ConflictException extends FlowAliasRouterException {
  readonly httpStatus = 409;
}

export class ServiceQuotaExceededException extends FlowAliasRouterException {
  readonly httpStatus = 402;
}

export class ThrottlingException extends FlowAliasRouterException {
  readonly httpStatus = 429;
}

export class InternalServerException extends FlowAliasRouterException {
  readonly httpStatus = 500;
}

/** A synchronous `pick` met an alias whose source answers asynchronously and is not cached yet. */
export class ServiceUnavailableException extends FlowAliasRouterException {
  readonly httpStatus = 503;
}

export function isFlowAliasRouterException(value: unknown): value is FlowAliasRouterException {
  return value instanceof FlowAliasRouterException;
}
