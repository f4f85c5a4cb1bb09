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

/**
 * The routing cannot be had right now: a synchronous `pick` met an alias whose source answers asynchronously
 * and is not cached yet, or a remote control plane (`HttpAliasSource`) did not answer. Retrying may succeed.
 */
export class ServiceUnavailableException extends FlowAliasRouterException {
  readonly httpStatus = 503;
}

export function isFlowAliasRouterException(value: unknown): value is FlowAliasRouterException {
  return value instanceof FlowAliasRouterException;
}

type MessageOnly = new (message: string, options?: { cause?: unknown; code?: string }) => FlowAliasRouterException;

const BY_NAME: ReadonlyMap<string, MessageOnly> = new Map<string, MessageOnly>(
  [
    AccessDeniedException,
    ResourceNotFoundException,
    UnknownOperationException,
    ConflictException,
    ServiceQuotaExceededException,
    ThrottlingException,
    InternalServerException,
    ServiceUnavailableException,
  ].map((type) => [type.name, type]),
);

/**
 * Rebuilds a typed exception that crossed the wire by name (the server's `x-amzn-errortype`): the same
 * class, or `InternalServerException` for a name that is not ours. `field` is a ValidationException's.
 */
export function exceptionFromWire(name: string | undefined, message: string, field?: string): FlowAliasRouterException {
  if (name === ValidationException.name) {
    const at = field ?? 'request';
    return new ValidationException(at, message.startsWith(`${at}: `) ? message.slice(at.length + 2) : message);
  }
  const Type = name === undefined ? undefined : BY_NAME.get(name);
  return Type === undefined ? new InternalServerException(message) : new Type(message);
}
