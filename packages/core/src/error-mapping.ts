import { status as GrpcStatus, Metadata } from '@grpc/grpc-js';
import {
  ConflictError,
  ForbiddenError,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
  asPlatformError,
  type ErrorKind,
  type PlatformError,
  type Violation,
} from './errors.js';

/** The one table from error kind to transport status. */
const statusByKind: Record<ErrorKind, { http: number; grpc: GrpcStatus }> = {
  validation: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT },
  not_found: { http: 404, grpc: GrpcStatus.NOT_FOUND },
  conflict: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION },
  concurrency: { http: 409, grpc: GrpcStatus.ABORTED },
  unauthenticated: { http: 401, grpc: GrpcStatus.UNAUTHENTICATED },
  forbidden: { http: 403, grpc: GrpcStatus.PERMISSION_DENIED },
  rate_limited: { http: 429, grpc: GrpcStatus.RESOURCE_EXHAUSTED },
  too_large: { http: 413, grpc: GrpcStatus.RESOURCE_EXHAUSTED },
  unavailable: { http: 503, grpc: GrpcStatus.UNAVAILABLE },
  internal: { http: 500, grpc: GrpcStatus.INTERNAL },
};

export function httpStatusOf(error: unknown): number {
  return statusByKind[asPlatformError(error).kind].http;
}

export interface HttpErrorBody {
  error: { code: string; message: string; violations?: readonly Violation[]; correlationId?: string };
}

export function toHttpError(error: unknown, correlationId?: string): { status: number; body: HttpErrorBody } {
  const platformError = asPlatformError(error);
  return {
    status: statusByKind[platformError.kind].http,
    body: { error: { ...platformError.toJSON(), ...(correlationId ? { correlationId } : {}) } },
  };
}

const CODE_KEY = 'lesp-error-code';
const KIND_KEY = 'lesp-error-kind';
const VIOLATIONS_KEY = 'lesp-error-violations-bin';

export interface GrpcServiceError {
  code: GrpcStatus;
  details: string;
  metadata: Metadata;
}

/** A gRPC error whose metadata lets the calling service rebuild the same PlatformError. */
export function toGrpcError(error: unknown): GrpcServiceError {
  const platformError = asPlatformError(error);
  const metadata = new Metadata();
  metadata.set(CODE_KEY, platformError.code);
  metadata.set(KIND_KEY, platformError.kind);
  if (platformError instanceof ValidationError) {
    metadata.set(VIOLATIONS_KEY, Buffer.from(JSON.stringify(platformError.violations), 'utf8'));
  }
  return { code: statusByKind[platformError.kind].grpc, details: platformError.message, metadata };
}

/** Client side: turns a gRPC error back into the PlatformError the server raised. */
export function fromGrpcError(error: unknown): PlatformError {
  const grpcError = error as Partial<GrpcServiceError> & { message?: string };
  const metadata = grpcError.metadata instanceof Metadata ? grpcError.metadata : undefined;
  const code = metadata?.get(CODE_KEY)[0]?.toString();
  const kind = metadata?.get(KIND_KEY)[0]?.toString() as ErrorKind | undefined;
  const message = grpcError.details ?? grpcError.message ?? '系统内部错误';
  const options = { cause: error };
  if (code && kind) {
    switch (kind) {
      case 'validation': {
        const raw = metadata?.get(VIOLATIONS_KEY)[0];
        const violations = raw ? (JSON.parse(Buffer.from(raw as Buffer).toString('utf8')) as Violation[]) : [];
        return violations.length > 0
          ? new ValidationError(violations, options)
          : new ValidationError([{ field: '', code, message }], options);
      }
      case 'not_found':
        return new NotFoundError(code, message, options);
      case 'conflict':
        return new ConflictError(code, message, options);
      case 'concurrency':
        return new ConflictError(code, message, options);
      case 'unauthenticated':
        return new UnauthenticatedError(code, message, options);
      case 'forbidden':
        return new ForbiddenError(code, message, options);
      case 'rate_limited':
        return new RateLimitedError(code, message, options);
      case 'too_large':
        return new PayloadTooLargeError(code, message, options);
      case 'unavailable':
        return new UnavailableError(code, message, options);
      case 'internal':
        return new InternalError(code, message, options);
      default: {
        const unknownKind: never = kind;
        return new InternalError('INTERNAL', `unknown error kind ${String(unknownKind)}`, options);
      }
    }
  }
  if (grpcError.code === GrpcStatus.UNAVAILABLE || grpcError.code === GrpcStatus.DEADLINE_EXCEEDED) {
    return new UnavailableError('UPSTREAM_UNAVAILABLE', '依赖的服务暂不可用，请稍后再试', options);
  }
  return new InternalError('UPSTREAM_ERROR', '依赖的服务出错', options);
}
