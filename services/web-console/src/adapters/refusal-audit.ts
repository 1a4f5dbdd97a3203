import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditEntry, AuditLog } from '@lesp/service-bootstrap';
import type { ConsoleUser } from '../domain/scope.js';

/** The signed-in user of a request, once its session was read (so a refusal names who was refused). */
const usersOf = new WeakMap<FastifyRequest, ConsoleUser>();
export function noteUser(request: FastifyRequest, user: ConsoleUser): void {
  usersOf.set(request, user);
}

/** The county whose people should see the entry: the user's county, a viewer's region padded, else "000000". */
function ownerCounty(user: ConsoleUser | undefined): string {
  if (user?.countyCode) return user.countyCode;
  if (user?.regionCode) return user.regionCode.padEnd(6, '0');
  return '000000';
}

function entry(
  user: ConsoleUser | undefined,
  fields: { resource: string; action: AuditEntry['action']; reason: string; source: string; correlationId: string },
): AuditEntry {
  return {
    at: new Date(),
    service: 'web-console',
    subject: user?.subject ?? 'public',
    role: user?.role ?? 'public',
    actorCountyCode: user?.countyCode ?? '',
    countyCode: ownerCounty(user),
    permission: 'console',
    outcome: 'denied',
    ...fields,
  };
}

/**
 * Every 401 and 403 the console answers, its own (no session, a role without the screen, a
 * clerk asking for another agency, a missing console header) and those it passes on from a
 * service, goes to the console's `audit_log` (the services' AuditLog, in the console's own
 * database) before the answer leaves: who, in which role, what route, why, from where.
 */
export function auditRefusals(app: FastifyInstance, audit: AuditLog): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 401 && reply.statusCode !== 403) return payload;
    let reason = String(reply.statusCode);
    if (typeof payload === 'string') {
      try {
        reason = (JSON.parse(payload) as { error?: { code?: string } }).error?.code ?? reason;
      } catch {
        // Not the platform's error body: the status stands for the reason.
      }
    }
    await audit.record([
      entry(usersOf.get(request), {
        resource: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
        action: request.method === 'GET' ? 'read' : 'change',
        reason,
        source: request.ip,
        correlationId: request.id,
      }),
    ]);
    return payload;
  });
}
