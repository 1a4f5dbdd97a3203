import type { ConsoleUser } from '../domain/scope.js';

/** What a call needs besides its arguments: who (and their token), the trace id, retry and version guards. */
export interface CallContext {
  readonly user: ConsoleUser;
  readonly token: string;
  readonly correlationId: string;
  readonly idempotencyKey?: string;
  readonly expectedVersion?: number;
}

/** gRPC call options: the user's own token (the service decides and audits), the correlation id, a deadline. */
export function callOptions(ctx: CallContext, deadlineMs: number) {
  return { deadlineMs, bearerToken: ctx.token, correlationId: ctx.correlationId };
}

/** A command's CommandMeta: the browser's idempotency key and If-Match version, when it sent them. */
export function commandMeta(ctx: CallContext) {
  return { idempotencyKey: ctx.idempotencyKey ?? '', expectedVersion: ctx.expectedVersion ?? 0, correlationId: ctx.correlationId };
}
