import type { FastifyInstance } from 'fastify';
import type { CountyDirectoryQueries } from '../../application/county-directory-queries.js';

export function crossRegionRoutes(deps: { queries: CountyDirectoryQueries }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { countyCodes: string } }>(
      '/api/v1/county-directory',
      {
        schema: {
          querystring: {
            type: 'object',
            required: ['countyCodes'],
            additionalProperties: false,
            properties: { countyCodes: { type: 'string', maxLength: 400, description: 'comma-separated county codes' } },
          },
        },
        config: {
          access: {
            permission: 'directory.read',
            target: (request) => ({ countyCodes: countyCodesOf(request.query as { countyCodes: string }) }),
          },
        },
      },
      async (request) => ({ counties: await deps.queries.list(request.principal, countyCodesOf(request.query)) }),
    );
  };
}

function countyCodesOf(query: { countyCodes: string }): string[] {
  return query.countyCodes.split(',').map((c) => c.trim());
}
