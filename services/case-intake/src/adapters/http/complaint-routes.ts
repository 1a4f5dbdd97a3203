import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, commandContext, countyParamsSchema as countyParams, countyTarget } from '@lesp/service-bootstrap';
import type { ComplaintCommands, ReceiveComplaintInput } from '../../application/complaint-commands.js';
import type { ComplaintFilters, ComplaintQueries } from '../../application/complaint-queries.js';
import {
  accepted,
  answerBody,
  assignBody,
  complaintParams,
  handlingBody,
  listQuery,
  receipt,
  receiveBody,
  rejectBody,
} from './complaint-schemas.js';

type ComplaintParams = { countyCode: string; complaintId: string };

/** Handling and answering: the agency named in the body is the one the caller must belong to (clerks). */
const handlingTarget = (request: { params: unknown; body: unknown }) => ({
  countyCodes: [(request.params as ComplaintParams).countyCode],
  agencyId: (request.body as { agencyId: string }).agencyId,
});

/** Listing: a clerk must filter on their own agency; '' (no filter) is nobody's agency. */
const listTarget = (request: { params: unknown; query: unknown }) => ({
  countyCodes: [(request.params as { countyCode: string }).countyCode],
  agencyId: (request.query as { agencyId?: string }).agencyId ?? '',
});

/** `If-Match: <version>` carries the version the client last saw (optimistic concurrency). */
function expectedVersionOf(header: unknown): number | undefined {
  if (typeof header !== 'string') return undefined;
  const version = Number(header.replace(/"/g, ''));
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

export function complaintRoutes(deps: { commands: ComplaintCommands; queries: ComplaintQueries; clock: () => Date }) {
  const context = (request: FastifyRequest, countyCode: string, occurredAt = deps.clock()) =>
    commandContext(actorOf(request.principal, countyCode), request.id, occurredAt);
  const base = '/api/v1/counties/:countyCode/complaints';

  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: { countyCode: string }; Body: Omit<ReceiveComplaintInput, 'countyCode'> & { receivedAt?: string } }>(
      base,
      {
        schema: { params: countyParams, body: receiveBody, response: { 201: receipt } },
        config: { access: { permission: 'complaint.receive', target: countyTarget } },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const { receivedAt, ...body } = request.body;
        const outcome = await deps.commands.receive(
          { ...body, countyCode },
          context(request, countyCode, receivedAt ? new Date(receivedAt) : undefined),
        );
        return reply.status(201).header('etag', `"${outcome.version}"`).send(outcome);
      },
    );

    app.post<{ Params: ComplaintParams; Body: { agencyId: string; note?: string } }>(
      `${base}/:complaintId/assignment`,
      {
        schema: { params: complaintParams, body: assignBody, response: { 200: accepted } },
        config: { access: { permission: 'complaint.assign', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, complaintId } = request.params;
        return deps.commands.assign(
          countyCode,
          complaintId,
          request.body,
          context(request, countyCode),
          expectedVersionOf(request.headers['if-match']),
        );
      },
    );

    app.post<{ Params: ComplaintParams; Body: { agencyId: string; notes: string; officerIds: string[] } }>(
      `${base}/:complaintId/handlings`,
      {
        schema: { params: complaintParams, body: handlingBody, response: { 200: accepted } },
        config: { access: { permission: 'complaint.handle', target: handlingTarget } },
      },
      async (request) => {
        const { countyCode, complaintId } = request.params;
        return deps.commands.recordHandling(
          countyCode,
          complaintId,
          request.body,
          context(request, countyCode),
          expectedVersionOf(request.headers['if-match']),
        );
      },
    );

    app.post<{ Params: ComplaintParams; Body: { agencyId: string; answer: string } }>(
      `${base}/:complaintId/answer`,
      {
        schema: { params: complaintParams, body: answerBody, response: { 200: accepted } },
        config: { access: { permission: 'complaint.handle', target: handlingTarget } },
      },
      async (request) => {
        const { countyCode, complaintId } = request.params;
        return deps.commands.answer(
          countyCode,
          complaintId,
          request.body,
          context(request, countyCode),
          expectedVersionOf(request.headers['if-match']),
        );
      },
    );

    app.post<{ Params: ComplaintParams }>(
      `${base}/:complaintId/closure`,
      {
        schema: { params: complaintParams, response: { 200: accepted } },
        config: { access: { permission: 'complaint.assign', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, complaintId } = request.params;
        return deps.commands.close(countyCode, complaintId, context(request, countyCode), expectedVersionOf(request.headers['if-match']));
      },
    );

    app.post<{ Params: ComplaintParams; Body: { reason: string } }>(
      `${base}/:complaintId/rejection`,
      {
        schema: { params: complaintParams, body: rejectBody, response: { 200: accepted } },
        config: { access: { permission: 'complaint.assign', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, complaintId } = request.params;
        return deps.commands.reject(
          countyCode,
          complaintId,
          request.body.reason,
          context(request, countyCode),
          expectedVersionOf(request.headers['if-match']),
        );
      },
    );

    app.get<{ Params: ComplaintParams }>(
      `${base}/:complaintId`,
      { schema: { params: complaintParams }, config: { access: { permission: 'complaint.read', target: countyTarget } } },
      async (request, reply) => {
        const complaint = await deps.queries.get(request.principal, request.params.countyCode, request.params.complaintId);
        return reply.header('etag', `"${complaint.version}"`).header('cache-control', 'no-store').send(complaint);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: ComplaintFilters & { limit?: number; cursor?: string } }>(
      base,
      {
        schema: { params: countyParams, querystring: listQuery },
        config: { access: { permission: 'complaint.list', target: listTarget } },
      },
      async (request, reply) => {
        const { limit, cursor, ...filters } = request.query;
        const page = await deps.queries.list(request.principal, request.params.countyCode, filters, {
          ...(limit === undefined ? {} : { limit }),
          ...(cursor === undefined ? {} : { cursor }),
        });
        return reply.header('cache-control', 'no-store').send({ complaints: page.items, nextCursor: page.nextCursor });
      },
    );
  };
}
