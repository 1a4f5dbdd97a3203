import { newId, type Actor, type CommandContext } from '@lesp/core';

export const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's correlation id if it is sane, else a fresh one. */
export function correlationIdFrom(value: unknown): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  return typeof candidate === 'string' && SAFE_ID.test(candidate) ? candidate : newId();
}

/**
 * Until identity lands (the security issue), the caller is described by plain headers and
 * defaults. This is the single place that will verify a bearer token instead.
 */
export function actorFrom(headers: Record<string, unknown>, countyCode: string): Actor {
  const user = headers['x-lesp-user'];
  const role = headers['x-lesp-role'];
  return {
    userId: typeof user === 'string' && SAFE_ID.test(user) ? user : 'anonymous',
    role: typeof role === 'string' && SAFE_ID.test(role) ? role : 'agency_clerk',
    countyCode,
  };
}

export function commandContext(actor: Actor, correlationId: string, occurredAt: Date): CommandContext {
  return { actor, correlationId, causationId: correlationId, occurredAt };
}
