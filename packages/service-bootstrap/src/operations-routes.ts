import type { FastifyInstance } from 'fastify';
import type { RebuildReport } from '@lesp/projection-runner';
import type { AuditLog } from './audit-log.js';
import { countyParamsSchema, pageQuerySchema } from './http-schemas.js';

/** Routes every service has beside its own: the audit log of its data, and projection rebuilds. */
export function operationsRoutes(deps: { audit: AuditLog; rebuild: (projection: string) => Promise<RebuildReport> }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { countyCode: string }; Querystring: { limit?: number; cursor?: string; outcome?: 'allowed' | 'denied' } }>(
      '/api/v1/counties/:countyCode/audit-log',
      {
        schema: {
          params: countyParamsSchema,
          querystring: {
            ...pageQuerySchema,
            properties: { ...pageQuerySchema.properties, outcome: { type: 'string', enum: ['allowed', 'denied'] } },
          },
        },
        config: {
          access: {
            permission: 'audit.read',
            target: (request) => ({ countyCodes: [(request.params as { countyCode: string }).countyCode] }),
          },
        },
      },
      async (request) => {
        const { limit, cursor, outcome } = request.query;
        const page = await deps.audit.list(
          request.params.countyCode,
          { ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) },
          outcome,
        );
        return { entries: page.items, nextCursor: page.nextCursor };
      },
    );

    app.post<{ Params: { projection: string } }>(
      '/api/v1/admin/projections/:projection/rebuild',
      {
        schema: {
          params: {
            type: 'object',
            required: ['projection'],
            properties: { projection: { type: 'string', pattern: '^[a-z0-9.-]{1,100}$' } },
          },
        },
        config: { access: { permission: 'projection.rebuild' } },
      },
      async (request) => deps.rebuild(request.params.projection),
    );
  };
}
