import { describe, expect, it } from 'vitest';
import { status } from '@grpc/grpc-js';
import {
  ConcurrencyError,
  ConflictError,
  ForbiddenError,
  InternalError,
  UnavailableError,
  ValidationError,
  fromGrpcError,
  toGrpcError,
} from '@lesp/core';

describe('one error hierarchy across gRPC', () => {
  it('carries the stable code, kind and violations to the calling service', () => {
    const original = new ValidationError([
      { field: 'creditCode', code: 'CREDIT_CODE_INVALID', message: '校验位错误' },
      { field: 'name', code: 'AGENCY_NAME_REQUIRED', message: '不能为空' },
    ]);
    const wire = toGrpcError(original);
    expect(wire.code).toBe(status.INVALID_ARGUMENT);
    const rebuilt = fromGrpcError({ ...wire, message: wire.details });
    expect(rebuilt).toBeInstanceOf(ValidationError);
    expect(rebuilt).toMatchObject({ code: 'VALIDATION_FAILED', violations: original.violations });
  });

  it('maps each kind to its gRPC status', () => {
    expect(toGrpcError(new ConcurrencyError('s', 1, 2)).code).toBe(status.ABORTED);
    expect(toGrpcError(new ConflictError('X', 'x')).code).toBe(status.FAILED_PRECONDITION);
    expect(toGrpcError(new ForbiddenError()).code).toBe(status.PERMISSION_DENIED);
    expect(toGrpcError(new Error('secret internals')).code).toBe(status.INTERNAL);
    expect(toGrpcError(new Error('secret internals')).details).toBe('系统内部错误');
  });

  it('treats an unreachable peer as unavailable and keeps the cause', () => {
    const transport = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: status.UNAVAILABLE });
    const mapped = fromGrpcError(transport);
    expect(mapped).toBeInstanceOf(UnavailableError);
    expect(mapped.cause).toBe(transport);
    expect(fromGrpcError(Object.assign(new Error('?'), { code: status.UNKNOWN }))).toBeInstanceOf(InternalError);
  });
});
