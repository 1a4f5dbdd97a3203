import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, commandContext, countyParamsSchema, countyTarget, commandOptionsOf } from '@lesp/service-bootstrap';
import type { OfficerCommands } from '../../application/officer-commands.js';
import type { OfficerQueries } from '../../application/officer-queries.js';
import { acceptedSchema } from './command-headers.js';
import {
  examBody,
  listOfficersQuery,
  officerParams,
  reasonBody,
  registerOfficerBody,
  reissueBody,
  trainingBody,
  transferBody,
} from './officer-schemas.js';

type Params = { countyCode: string; officerId: string };
const change = { access: { permission: 'officer.change', target: countyTarget } } as const;
const ok = { 200: acceptedSchema } as const;

/** 执法人员: registration, certificate lifecycle, transfer, exams and training; the ID number is answered only masked. */
export function officerRoutes(deps: { officers: OfficerCommands; queries: OfficerQueries; clock: () => Date }) {
  const context = (request: FastifyRequest, countyCode: string) =>
    commandContext(actorOf(request.principal, countyCode), request.id, deps.clock());
  const { officers } = deps;
  return async (app: FastifyInstance): Promise<void> => {
    const base = '/api/v1/counties/:countyCode/officers';
    const one = `${base}/:officerId`;

    app.post<{
      Params: { countyCode: string };
      Body: {
        officerId?: string;
        agencyId: string;
        name: string;
        idNumber: string;
        certificateNumber: string;
        certificateValidUntil: string;
        enforcementAreas: string[];
      };
    }>(
      base,
      {
        schema: { params: countyParamsSchema, body: registerOfficerBody, response: { 201: acceptedSchema } },
        config: { access: { permission: 'officer.register', target: countyTarget } },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const input = { ...request.body, certificateValidUntil: new Date(request.body.certificateValidUntil) };
        const outcome = await officers.register(countyCode, input, context(request, countyCode), commandOptionsOf(request));
        return reply.status(201).header('etag', `"${outcome.version}"`).send(outcome);
      },
    );

    app.get<{
      Params: { countyCode: string };
      Querystring: { agencyId?: string; certificateStatus?: string; limit?: number; cursor?: string };
    }>(
      base,
      {
        schema: { params: countyParamsSchema, querystring: listOfficersQuery },
        config: { access: { permission: 'officer.list', target: countyTarget } },
      },
      async (request) => {
        const { agencyId, certificateStatus, ...page } = request.query;
        const filter = { ...(agencyId ? { agencyId } : {}), ...(certificateStatus ? { certificateStatus } : {}) };
        const result = await deps.queries.list(request.principal, request.params.countyCode, filter, page);
        return { officers: result.items, nextCursor: result.nextCursor };
      },
    );

    app.get<{ Params: Params }>(
      one,
      { schema: { params: officerParams }, config: { access: { permission: 'officer.read', target: countyTarget } } },
      async (request, reply) => {
        const officer = await deps.queries.get(request.principal, request.params.countyCode, request.params.officerId);
        return reply.header('etag', `"${officer.version}"`).send(officer);
      },
    );

    app.post<{ Params: Params; Body: { reason: string } }>(
      `${one}/certificate/suspension`,
      { schema: { params: officerParams, body: reasonBody, response: ok }, config: change },
      async (request) => {
        const { countyCode, officerId } = request.params;
        return officers.suspend(countyCode, officerId, request.body.reason, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: Params; Body: { reason: string } }>(
      `${one}/certificate/revocation`,
      { schema: { params: officerParams, body: reasonBody, response: ok }, config: change },
      async (request) => {
        const { countyCode, officerId } = request.params;
        return officers.revoke(countyCode, officerId, request.body.reason, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: Params }>(
      `${one}/certificate/loss-report`,
      { schema: { params: officerParams, response: ok }, config: change },
      async (request) => {
        const { countyCode, officerId } = request.params;
        return officers.reportLost(countyCode, officerId, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: Params; Body: { certificateNumber: string; certificateValidUntil?: string } }>(
      `${one}/certificate/reissue`,
      { schema: { params: officerParams, body: reissueBody, response: ok }, config: change },
      async (request) => {
        const { countyCode, officerId } = request.params;
        const { certificateNumber, certificateValidUntil } = request.body;
        const data = { certificateNumber, ...(certificateValidUntil ? { certificateValidUntil: new Date(certificateValidUntil) } : {}) };
        return officers.reissue(countyCode, officerId, data, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: Params }>(
      `${one}/certificate/reinstatement`,
      { schema: { params: officerParams, response: ok }, config: change },
      async (request) => {
        const { countyCode, officerId } = request.params;
        return officers.reinstate(countyCode, officerId, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: Params; Body: { toAgencyId: string } }>(
      `${one}/transfer`,
      { schema: { params: officerParams, body: transferBody, response: ok }, config: change },
      async (request) => {
        const { countyCode, officerId } = request.params;
        return officers.transfer(countyCode, officerId, request.body.toAgencyId, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: Params; Body: { year: number; score: number; passed: boolean } }>(
      `${one}/exam-results`,
      { schema: { params: officerParams, body: examBody, response: ok }, config: change },
      async (request) => {
        const { countyCode, officerId } = request.params;
        return officers.recordExam(countyCode, officerId, request.body, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: Params; Body: { year: number; hours: number; course: string } }>(
      `${one}/training-records`,
      { schema: { params: officerParams, body: trainingBody, response: ok }, config: change },
      async (request) => {
        const { countyCode, officerId } = request.params;
        return officers.recordTraining(countyCode, officerId, request.body, context(request, countyCode), commandOptionsOf(request));
      },
    );
  };
}
