import type { FastifyInstance } from 'fastify';
import { countyParamsSchema, countyTarget, pageQuerySchema } from '@lesp/service-bootstrap';
import type { SupervisedAgencyQueries } from '../../application/supervised-agency-queries.js';

export function supervisionRoutes(deps: { queries: SupervisedAgencyQueries }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { countyCode: string }; Querystring: { limit?: number; cursor?: string } }>(
      '/api/v1/counties/:countyCode/supervised-agencies',
      {
        schema: { params: countyParamsSchema, querystring: pageQuerySchema },
        config: { access: { permission: 'supervision.agency.list', target: countyTarget } },
      },
      async (request) => {
        const page = await deps.queries.list(request.principal, request.params.countyCode, request.query);
        return { agencies: page.items, nextCursor: page.nextCursor };
      },
    );
  };
}
