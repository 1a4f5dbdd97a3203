import type { Principal } from '@lesp/auth';
import { newId, type Actor, type CommandContext } from '@lesp/core';

export const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's correlation id if it is sane, else a fresh one. */
export function correlationIdFrom(value: unknown): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  return typeof candidate === 'string' && SAFE_ID.test(candidate) ? candidate : newId();
}

/** The actor recorded on events: the verified caller, never a header the client made up. */
export function actorOf(principal: Principal, countyCode: string): Actor {
  return {
    userId: principal.subject,
    role: principal.role,
    countyCode: principal.countyCode ?? countyCode,
    ...(principal.agencyId ? { agencyId: principal.agencyId } : {}),
  };
}

export function commandContext(actor: Actor, correlationId: string, occurredAt: Date): CommandContext {
  return { actor, correlationId, causationId: correlationId, occurredAt };
}
