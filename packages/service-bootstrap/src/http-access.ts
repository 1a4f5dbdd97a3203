import type { FastifyInstance } from 'fastify';
import { PUBLIC_PRINCIPAL, type Principal } from '@lesp/auth';
import type { AccessControl, EndpointAccess } from './access-control.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares its access rule; 'open' only for health, readiness and metrics. */
    access?: EndpointAccess<FastifyRequest> | 'open';
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

/**
 * Deny by default: a route without an access rule fails start-up, and every request to a
 * guarded route passes AccessControl before its handler (after schema validation, so the
 * target is read from validated params).
 */
export function registerAccessControl(app: FastifyInstance, access: AccessControl | undefined): void {
  // Fastify wants a primitive default for decorators; every request gets its own principal below.
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRoute', (route) => {
    // The API documentation (swagger-ui's own routes) is public.
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.config = { ...route.config, access: 'open' };
      return;
    }
    if (route.config?.access === undefined) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no access rule (config.access)`);
    }
  });
  app.addHook('preHandler', async (request) => {
    request.principal = PUBLIC_PRINCIPAL;
    const rule = request.routeOptions.config.access;
    if (rule === undefined || rule === 'open') return;
    if (!access) throw new Error('access control is not configured');
    request.principal = await access.check(rule.permission, rule.target?.(request) ?? { countyCodes: [] }, {
      authorization: request.headers.authorization,
      resource: `${request.method} ${request.routeOptions.url ?? request.url}`,
      source: request.ip,
      correlationId: request.id,
    });
  });
}
