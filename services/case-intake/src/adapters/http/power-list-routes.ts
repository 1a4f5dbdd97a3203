import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, agencyTarget, commandContext, commandOptionsOf } from '@lesp/service-bootstrap';
import type { AgencyQueries } from '../../application/agency-queries.js';
import type { PowerListCommands } from '../../application/power-list-commands.js';
import { acceptedSchema } from './command-headers.js';
import { addPowerItemBody, agencyParams, delegateBody, delegationParams, powerItemParams, reasonBody } from './power-list-schemas.js';

type AgencyParams = { countyCode: string; agencyId: string };
const change = { access: { permission: 'agency.change_powers', target: agencyTarget } } as const;
const read = { access: { permission: 'agency.read', target: agencyTarget } } as const;

/** 执法事项目录 and 委托执法 of one agency. */
export function powerListRoutes(deps: { powerList: PowerListCommands; queries: AgencyQueries; clock: () => Date }) {
  const context = (request: FastifyRequest, countyCode: string) =>
    commandContext(actorOf(request.principal, countyCode), request.id, deps.clock());
  return async (app: FastifyInstance): Promise<void> => {
    const base = '/api/v1/counties/:countyCode/agencies/:agencyId';

    app.post<{
      Params: AgencyParams;
      Body: { itemCode: string; name: string; category: string; legalBasis: string; discretionBenchmark?: string };
    }>(
      `${base}/power-items`,
      { schema: { params: agencyParams, body: addPowerItemBody, response: { 201: acceptedSchema } }, config: change },
      async (request, reply) => {
        const { countyCode, agencyId } = request.params;
        const outcome = await deps.powerList.addPowerItem(
          countyCode,
          agencyId,
          { ...request.body, discretionBenchmark: request.body.discretionBenchmark ?? '' },
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).header('etag', `"${outcome.version}"`).send(outcome);
      },
    );

    app.post<{ Params: AgencyParams & { itemCode: string }; Body: { reason: string } }>(
      `${base}/power-items/:itemCode/retirement`,
      { schema: { params: powerItemParams, body: reasonBody, response: { 200: acceptedSchema } }, config: change },
      async (request) => {
        const { countyCode, agencyId, itemCode } = request.params;
        return deps.powerList.retirePowerItem(
          countyCode,
          agencyId,
          { itemCode, reason: request.body.reason },
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{
      Params: AgencyParams;
      Body: {
        delegationId?: string;
        townshipName: string;
        entrustmentNumber: string;
        itemCodes: string[];
        powers: string;
        start: string;
        end: string;
      };
    }>(
      `${base}/delegations`,
      {
        schema: {
          params: agencyParams,
          body: delegateBody,
          response: { 201: { ...acceptedSchema, properties: { ...acceptedSchema.properties, delegationId: { type: 'string' } } } },
        },
        config: change,
      },
      async (request, reply) => {
        const { countyCode, agencyId } = request.params;
        const { start, end, ...rest } = request.body;
        const outcome = await deps.powerList.delegate(
          countyCode,
          agencyId,
          { ...rest, start: new Date(start), end: new Date(end) },
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).header('etag', `"${outcome.version}"`).send(outcome);
      },
    );

    app.post<{ Params: AgencyParams & { delegationId: string }; Body: { reason: string } }>(
      `${base}/delegations/:delegationId/ending`,
      { schema: { params: delegationParams, body: reasonBody, response: { 200: acceptedSchema } }, config: change },
      async (request) => {
        const { countyCode, agencyId, delegationId } = request.params;
        return deps.powerList.endDelegation(
          countyCode,
          agencyId,
          { delegationId, reason: request.body.reason },
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.get<{ Params: AgencyParams }>(`${base}/power-items`, { schema: { params: agencyParams }, config: read }, async (request, reply) => {
      const agency = await deps.queries.get(request.principal, request.params.countyCode, request.params.agencyId);
      return reply.header('etag', `"${agency.version}"`).send({ powerItems: agency.powerItems });
    });

    app.get<{ Params: AgencyParams }>(`${base}/delegations`, { schema: { params: agencyParams }, config: read }, async (request, reply) => {
      const agency = await deps.queries.get(request.principal, request.params.countyCode, request.params.agencyId);
      return reply.header('etag', `"${agency.version}"`).send({ delegations: agency.delegations });
    });
  };
}
