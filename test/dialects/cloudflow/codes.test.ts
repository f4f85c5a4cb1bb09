import { describe, expect, it } from 'vitest';
import { cloudflowCode } from '../../../src/dialects/cloudflow/codes.js';
import { recode } from '../../../src/dialects/shared/errors.js';
import * as errors from '../../../src/errors.js';
import { FlowAliasRouterException, ValidationException } from '../../../src/errors.js';

type MessageOnly = new (message: string, options?: { code?: string }) => FlowAliasRouterException;

/** What CloudFlow answers for each exception thrown without a code of its own. */
const EXPECTED: Readonly<Record<string, string>> = {
  ValidationException: 'InvalidArgument',
  AccessDeniedException: 'AccessDenied',
  ResourceNotFoundException: 'ResourceNotFound',
  UnknownOperationException: 'InvalidAction.NotFound',
  ConflictException: 'ResourceConflict',
  ServiceQuotaExceededException: 'QuotaExceeded',
  ThrottlingException: 'Throttling',
  InternalServerException: 'InternalServerError',
  ServiceUnavailableException: 'ServiceUnavailable',
};

/** Every concrete exception class errors.ts exports, so a new one cannot miss the map. */
const CLASSES: readonly MessageOnly[] = (Object.values(errors) as unknown[]).filter(
  (value): value is MessageOnly => typeof value === 'function' && value.prototype instanceof FlowAliasRouterException,
);

function make(type: MessageOnly, code?: string): FlowAliasRouterException {
  const options = code === undefined ? undefined : { code };
  return (type as unknown) === ValidationException ? new ValidationException('field', 'is wrong', options) : new type('wrong', options);
}

describe('cloudflowCode: the one CloudFlow code map', () => {
  it('knows every exception class of errors.ts', () => {
    expect(CLASSES.map((type) => type.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(CLASSES.map((type) => [type.name, type] as const))('%s without a code of its own', (name, type) => {
    expect(cloudflowCode(make(type))).toBe(EXPECTED[name]);
  });

  it('maps the registry codes CloudFlow spells its own way, and passes the others through', () => {
    expect(cloudflowCode(new errors.ResourceNotFoundException('x', { code: 'FlowNotFound' }))).toBe('FlowNotExists');
    expect(cloudflowCode(new errors.ResourceNotFoundException('x', { code: 'AliasNotFound' }))).toBe('AliasNotExists');
    expect(cloudflowCode(new errors.ConflictException('x', { code: 'TestAliasReadOnly' }))).toBe('TestAliasReadOnly');
    expect(cloudflowCode(new errors.AccessDeniedException('x', { code: 'SignatureDoesNotMatch' }))).toBe('SignatureDoesNotMatch');
  });

  it('gives validation errors the codes of the references: MissingRequiredParams, InvalidVersion, else InvalidArgument', () => {
    expect(cloudflowCode(new ValidationException('Name', 'is required', { code: 'MissingParameter' }))).toBe('MissingRequiredParams');
    expect(cloudflowCode(new ValidationException('Version', 'must be 2019-03-15', { code: 'InvalidVersion' }))).toBe('InvalidVersion');
    expect(cloudflowCode(new ValidationException('Versions', 'does not exist', { code: 'VersionNotFound' }))).toBe('InvalidArgument');
    expect(cloudflowCode(new errors.InternalServerException('x', { code: 'Anything' }))).toBe('InternalServerError');
  });

  it('is idempotent: an exception recoded once keeps its code', () => {
    for (const type of CLASSES) {
      for (const code of [undefined, 'MissingParameter', 'FlowNotFound', 'TestAliasReadOnly']) {
        const once = recode(make(type, code), cloudflowCode(make(type, code)));
        expect(cloudflowCode(once)).toBe(once.code);
      }
    }
  });
});
