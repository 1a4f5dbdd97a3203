/**
 * One error hierarchy for the whole platform. Every error has a stable machine code
 * (never translated, safe to branch on) and a message in Chinese for end users.
 * Transport adapters map an error to an HTTP / gRPC status once, in `error-mapping.ts`.
 */

export interface Violation {
  /** The offending field, as the client named it (e.g. "creditCode", "rows[12].amount"). */
  readonly field: string;
  /** Stable machine code of the rule (e.g. "CREDIT_CODE_CHECK_DIGIT"). */
  readonly code: string;
  /** The rule, in Chinese, for the end user. */
  readonly message: string;
}

export type ErrorKind =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'concurrency'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'too_large'
  | 'unavailable'
  | 'internal';

export abstract class PlatformError extends Error {
  abstract readonly kind: ErrorKind;
  readonly code: string;

  protected constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  /** What a client may see. Never the stack or the cause. */
  toJSON(): { code: string; message: string; violations?: readonly Violation[] } {
    return { code: this.code, message: this.message };
  }
}

/** Bad input: names each field and rule. Nothing is stored. */
export class ValidationError extends PlatformError {
  readonly kind = 'validation' as const;
  readonly violations: readonly Violation[];

  constructor(violations: readonly Violation[], options?: { cause?: unknown }) {
    const first = violations[0];
    if (!first) throw new Error('ValidationError needs at least one violation');
    super(
      violations.length === 1 ? first.code : 'VALIDATION_FAILED',
      violations.map((v) => `${v.field}：${v.message}`).join('；'),
      options,
    );
    this.violations = violations;
  }

  static of(field: string, code: string, message: string): ValidationError {
    return new ValidationError([{ field, code, message }]);
  }

  override toJSON() {
    return { code: this.code, message: this.message, violations: this.violations };
  }
}

export class NotFoundError extends PlatformError {
  readonly kind = 'not_found' as const;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The command contradicts the current state (e.g. registering an agency twice). */
export class ConflictError extends PlatformError {
  readonly kind = 'conflict' as const;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Optimistic concurrency: the stream moved on since the caller read it. Nothing was written. */
export class ConcurrencyError extends PlatformError {
  readonly kind = 'concurrency' as const;
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      'STREAM_VERSION_CONFLICT',
      `记录已被他人修改（期望版本 ${expectedVersion}${actualVersion === undefined ? '' : `，当前版本 ${actualVersion}`}），请刷新后重试`,
      options,
    );
  }
}

export class UnauthenticatedError extends PlatformError {
  readonly kind = 'unauthenticated' as const;
  constructor(code = 'UNAUTHENTICATED', message = '未登录或登录已失效', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export class ForbiddenError extends PlatformError {
  readonly kind = 'forbidden' as const;
  constructor(code = 'FORBIDDEN', message = '无权执行此操作', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export class RateLimitedError extends PlatformError {
  readonly kind = 'rate_limited' as const;
  constructor(code = 'RATE_LIMITED', message = '请求过于频繁，请稍后再试', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A request or import beyond the size the platform accepts. */
export class PayloadTooLargeError extends PlatformError {
  readonly kind = 'too_large' as const;
  constructor(code = 'PAYLOAD_TOO_LARGE', message = '提交的内容过大', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A dependency (database, broker, another service) is not answering. Retrying may help. */
export class UnavailableError extends PlatformError {
  readonly kind = 'unavailable' as const;
  constructor(code = 'UNAVAILABLE', message = '服务暂不可用，请稍后再试', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export class InternalError extends PlatformError {
  readonly kind = 'internal' as const;
  constructor(code = 'INTERNAL', message = '系统内部错误', options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/**
 * The database or broker could not be reached (a restart, a network cut): the MongoDB driver's
 * and kafkajs' own error names, on the error or the error it wraps. Known by name, so the core
 * needs neither client; the caller should try again, so these answer 503, not 500.
 */
const UNREACHABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoPoolClearedError',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
]);

function unreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    if (UNREACHABLE.has(e.name)) return true;
    const wrapped = e as Error & { errorResponse?: unknown; cause?: unknown };
    e = wrapped.errorResponse instanceof Error ? wrapped.errorResponse : wrapped.cause;
  }
  return false;
}

/** Anything thrown that is not ours becomes an InternalError that keeps it as the cause (an UnavailableError when the database or broker was out of reach). */
export function asPlatformError(error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  if (unreachable(error)) return new UnavailableError('UNAVAILABLE', '服务暂不可用，请稍后再试', { cause: error });
  return new InternalError('INTERNAL', '系统内部错误', { cause: error });
}
