import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  ConflictException,
  FlowAliasRouterException,
  InternalServerException,
  isFlowAliasRouterException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  UnknownOperationException,
  ValidationException,
} from '../test/all-entries.js';
import { exceptionFromWire } from '../src/errors.js';

describe('typed exceptions', () => {
  it.each([
    [AccessDeniedException, 403],
    [ResourceNotFoundException, 404],
    [UnknownOperationException, 404],
    [ConflictException, 409],
    [ServiceQuotaExceededException, 402],
    [ThrottlingException, 429],
    [InternalServerException, 500],
    [ServiceUnavailableException, 503],
  ])('%o has its name, status and code', (Type, status) => {
    const error = new Type('message');
    expect(error).toBeInstanceOf(FlowAliasRouterException);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(Type.name);
    expect(error.code).toBe(Type.name);
    expect(error.httpStatus).toBe(status);
    expect(error.message).toBe('message');
    expect(isFlowAliasRouterException(error)).toBe(true);
  });

  it('ValidationException carries the field path and a vendor code when given', () => {
    const error = new ValidationException('RoutingConfigurations[1].Weight', 'must be an integer', { code: 'InvalidArgument' });
    expect(error.field).toBe('RoutingConfigurations[1].Weight');
    expect(error.httpStatus).toBe(400);
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toBe('RoutingConfigurations[1].Weight: must be an integer');
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new InternalServerException('wrapped', { cause }).cause).toBe(cause);
  });

  it('tells ours from everything else', () => {
    expect(isFlowAliasRouterException(new TypeError('x'))).toBe(false);
    expect(isFlowAliasRouterException({ name: 'ValidationException' })).toBe(false);
  });

  it('rebuilds exceptions that crossed the wire by name; anything else is an internal error', () => {
    const notFound = exceptionFromWire('ResourceNotFoundException', 'gone');
    expect(notFound).toBeInstanceOf(ResourceNotFoundException);
    expect(notFound.message).toBe('gone');
    expect(exceptionFromWire('UnknownOperationException', 'no')).toBeInstanceOf(UnknownOperationException);
    const invalid = exceptionFromWire('ValidationException', 'flow: must be a string', 'flow');
    expect(invalid).toMatchObject({ field: 'flow', message: 'flow: must be a string' });
    expect(exceptionFromWire('ValidationException', 'bad')).toMatchObject({ field: 'request', message: 'request: bad' });
    expect(exceptionFromWire('SomethingElse', 'odd')).toBeInstanceOf(InternalServerException);
    expect(exceptionFromWire(undefined, 'odd')).toBeInstanceOf(InternalServerException);
    expect(exceptionFromWire('toString', 'odd')).toBeInstanceOf(InternalServerException);
  });
});
