import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CallContext } from '../application/calls.js';
import type { Rebuilds } from '../application/rebuilds.js';
import { OPERATED_SERVICES, type OperatedService } from './backends.js';
import { body, id } from './route-schemas.js';

const service = { type: 'string', enum: [...OPERATED_SERVICES] } as const;
const projection = { type: 'string', minLength: 1, maxLength: 100, pattern: '^[a-z0-9.-]+$' } as const;

/** Operators' read-model rebuilds: every service's projections, start a rebuild, follow its progress. */
export function registerOperationsRoutes(
  app: FastifyInstance,
  deps: { context: (request: FastifyRequest) => Promise<CallContext>; rebuilds: Rebuilds; api: object },
): void {
  const { context, rebuilds, api } = deps;
  app.get('/api/operations/projections', { config: api }, async (request) => rebuilds.projections(await context(request)));
  app.post(
    '/api/operations/rebuilds',
    { config: api, schema: { body: body(['service', 'projection'], { service, projection }) } },
    async (request, reply) => {
      const form = request.body as { service: OperatedService; projection: string };
      return reply.status(202).send(await rebuilds.start(await context(request), form.service, form.projection));
    },
  );
  app.get(
    '/api/operations/rebuilds/:service/:jobId',
    {
      config: api,
      schema: {
        params: { type: 'object', required: ['service', 'jobId'], additionalProperties: false, properties: { service, jobId: id } },
      },
    },
    async (request) => {
      const params = request.params as { service: OperatedService; jobId: string };
      return rebuilds.job(await context(request), params.service, params.jobId);
    },
  );
}
