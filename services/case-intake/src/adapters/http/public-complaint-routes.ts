import type { FastifyInstance } from 'fastify';
import type { ComplaintQueries } from '../../application/complaint-queries.js';
import { publicStatus, trackingParams } from './complaint-schemas.js';

/** The public portal's status lookup by tracking number (查询码): no token, rate limited per client. */
export function publicComplaintRoutes(deps: { queries: ComplaintQueries; ratePerMinute: number }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { trackingNumber: string } }>(
      '/api/v1/public/complaints/:trackingNumber',
      {
        schema: { params: trackingParams, response: { 200: publicStatus } },
        config: { access: { permission: 'public.read' }, rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        const status = await deps.queries.publicStatus(request.params.trackingNumber);
        // One complainant's answer: never kept by shared caches.
        return reply.header('cache-control', 'no-store').send(status);
      },
    );
  };
}
