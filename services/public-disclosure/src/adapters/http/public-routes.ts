import type { FastifyInstance } from 'fastify';
import { countyParamsSchema, pageQuerySchema } from '@lesp/service-bootstrap';
import type { PublicAgencyQueries } from '../../application/public-agency-queries.js';

export function publicRoutes(deps: { queries: PublicAgencyQueries; ratePerMinute: number }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { countyCode: string }; Querystring: { limit?: number; cursor?: string } }>(
      '/api/v1/public/counties/:countyCode/agencies',
      {
        schema: { params: countyParamsSchema, querystring: pageQuerySchema },
        // Anyone on the internet: no token, but a rate limit per client address.
        config: { access: { permission: 'public.read' }, rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        const page = await deps.queries.list(request.params.countyCode, request.query);
        // Public and the same for everyone: short shared caching is safe.
        return reply.header('cache-control', 'public, max-age=30').send({ agencies: page.items, nextCursor: page.nextCursor });
      },
    );
  };
}
