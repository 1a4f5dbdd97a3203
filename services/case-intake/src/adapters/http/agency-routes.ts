import type { FastifyInstance } from 'fastify';
import {
  COUNTY_CODE_PATTERN,
  actorOf,
  agencyTarget,
  commandContext,
  countyParamsSchema as countyParams,
  countyTarget,
  pageQuerySchema,
  commandOptionsOf,
} from '@lesp/service-bootstrap';
import type { AgencyCommands } from '../../application/agency-commands.js';
import type { AgencyQueries } from '../../application/agency-queries.js';

const agencyParams = {
  type: 'object',
  required: ['countyCode', 'agencyId'],
  properties: {
    countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN },
    agencyId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
  },
} as const;

const accepted = {
  type: 'object',
  properties: { aggregateId: { type: 'string' }, version: { type: 'integer' }, eventIds: { type: 'array', items: { type: 'string' } } },
} as const;

export function agencyRoutes(deps: { commands: AgencyCommands; queries: AgencyQueries; clock: () => Date }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{
      Params: { countyCode: string };
      Body: { agencyId?: string; name: string; creditCode: string; kind: string; legalBasis?: string };
    }>(
      '/api/v1/counties/:countyCode/agencies',
      {
        schema: {
          params: countyParams,
          body: {
            type: 'object',
            required: ['name', 'creditCode', 'kind'],
            additionalProperties: false,
            properties: {
              agencyId: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]*$' },
              name: { type: 'string', maxLength: 200 },
              creditCode: { type: 'string', maxLength: 32 },
              kind: { type: 'string', maxLength: 32 },
              legalBasis: { type: 'string', maxLength: 4000 },
            },
          },
          response: { 201: accepted },
        },
        config: { access: { permission: 'agency.register', target: countyTarget } },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const outcome = await deps.commands.register(
          { ...request.body, countyCode, legalBasis: request.body.legalBasis ?? '' },
          commandContext(actorOf(request.principal, countyCode), request.id, deps.clock()),
          commandOptionsOf(request),
        );
        return reply.status(201).header('etag', `"${outcome.version}"`).send(outcome);
      },
    );

    app.put<{
      Params: { countyCode: string; agencyId: string };
      Body: { name: string; creditCode: string; kind: string; legalBasis?: string };
    }>(
      '/api/v1/counties/:countyCode/agencies/:agencyId',
      {
        schema: {
          params: agencyParams,
          body: {
            type: 'object',
            required: ['name', 'creditCode', 'kind'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', maxLength: 200 },
              creditCode: { type: 'string', maxLength: 32 },
              kind: { type: 'string', maxLength: 32 },
              legalBasis: { type: 'string', maxLength: 4000 },
            },
          },
          response: { 200: accepted },
        },
        config: { access: { permission: 'agency.update', target: agencyTarget } },
      },
      async (request, reply) => {
        const { countyCode, agencyId } = request.params;
        const outcome = await deps.commands.update(
          countyCode,
          agencyId,
          { ...request.body, legalBasis: request.body.legalBasis ?? '' },
          commandContext(actorOf(request.principal, countyCode), request.id, deps.clock()),
          commandOptionsOf(request),
        );
        return reply.header('etag', `"${outcome.version}"`).send(outcome);
      },
    );

    app.post<{ Params: { countyCode: string; agencyId: string }; Body: { reason: string } }>(
      '/api/v1/counties/:countyCode/agencies/:agencyId/suspension',
      {
        schema: {
          params: agencyParams,
          body: {
            type: 'object',
            required: ['reason'],
            additionalProperties: false,
            properties: { reason: { type: 'string', maxLength: 2000 } },
          },
          response: { 200: accepted },
        },
        config: { access: { permission: 'agency.change_status', target: agencyTarget } },
      },
      async (request) => {
        const { countyCode, agencyId } = request.params;
        return deps.commands.suspend(
          countyCode,
          agencyId,
          request.body.reason,
          commandContext(actorOf(request.principal, countyCode), request.id, deps.clock()),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{ Params: { countyCode: string; agencyId: string } }>(
      '/api/v1/counties/:countyCode/agencies/:agencyId/reinstatement',
      {
        schema: { params: agencyParams, response: { 200: accepted } },
        config: { access: { permission: 'agency.change_status', target: agencyTarget } },
      },
      async (request) => {
        const { countyCode, agencyId } = request.params;
        return deps.commands.reinstate(
          countyCode,
          agencyId,
          commandContext(actorOf(request.principal, countyCode), request.id, deps.clock()),
          commandOptionsOf(request),
        );
      },
    );

    app.get<{ Params: { countyCode: string; agencyId: string } }>(
      '/api/v1/counties/:countyCode/agencies/:agencyId',
      { schema: { params: agencyParams }, config: { access: { permission: 'agency.read', target: agencyTarget } } },
      async (request, reply) => {
        const agency = await deps.queries.get(request.principal, request.params.countyCode, request.params.agencyId);
        return reply.header('etag', `"${agency.version}"`).send(agency);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { limit?: number; cursor?: string } }>(
      '/api/v1/counties/:countyCode/agencies',
      {
        schema: { params: countyParams, querystring: pageQuerySchema },
        config: { access: { permission: 'agency.list', target: countyTarget } },
      },
      async (request) => {
        const page = await deps.queries.list(request.principal, request.params.countyCode, request.query);
        return { agencies: page.items, nextCursor: page.nextCursor };
      },
    );
  };
}
