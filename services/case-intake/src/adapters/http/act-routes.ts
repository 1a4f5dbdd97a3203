import type { FastifyInstance, FastifyReply } from 'fastify';
import { actEventsV1 } from '@lesp/contracts';
import { COUNTY_CODE_PATTERN, actorOf, commandContext, countyParamsSchema, countyTarget, commandOptionsOf } from '@lesp/service-bootstrap';
import type { ActStepType } from '../../domain/act/act-commands.js';
import type { ActCommands, CommandOutcome } from '../../application/acts/act-commands.js';
import type { ActQueries, ActSearch } from '../../application/acts/act-queries.js';
import { stepOf } from '../act-step-mapping.js';
import { openActSchema, recordStepSchema, searchQuerySchema, withTimes } from './act-schemas.js';

const actParams = {
  type: 'object',
  required: ['countyCode', 'actId'],
  properties: {
    countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN },
    actId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
  },
} as const;

/** 201 with the new version as ETag; 200 when an earlier attempt with the same key had stored it. */
function sendAccepted(reply: FastifyReply, outcome: CommandOutcome) {
  return reply
    .status(outcome.replayed ? 200 : 201)
    .header('etag', `"${outcome.version}"`)
    .send(outcome);
}

export function actRoutes(deps: { commands: ActCommands; queries: ActQueries; clock: () => Date }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: { countyCode: string }; Body: Record<string, unknown> & { openedBy: 'application' | 'filing' } }>(
      '/api/v1/counties/:countyCode/acts',
      {
        schema: { params: countyParamsSchema, body: openActSchema },
        // The agency is checked against a clerk's own in the application layer (it is in the body).
        config: { access: { permission: 'act.record', target: countyTarget } },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const { openedBy, ...fields } = withTimes(request.body);
        const outcome = await deps.commands.open(
          request.principal,
          countyCode,
          openedBy,
          actEventsV1.ActOpening.fromPartial(fields),
          commandContext(actorOf(request.principal, countyCode), request.id, deps.clock()),
          commandOptionsOf(request),
        );
        return sendAccepted(reply, outcome);
      },
    );

    app.post<{ Params: { countyCode: string; actId: string }; Body: Record<string, unknown> & { type: ActStepType } }>(
      '/api/v1/counties/:countyCode/acts/:actId/steps',
      { schema: { params: actParams, body: recordStepSchema }, config: { access: { permission: 'act.record', target: countyTarget } } },
      async (request, reply) => {
        const { countyCode, actId } = request.params;
        const { type, ...fields } = withTimes(request.body);
        const outcome = await deps.commands.recordStep(
          request.principal,
          countyCode,
          actId,
          stepOf(type, fields),
          commandContext(actorOf(request.principal, countyCode), request.id, deps.clock()),
          commandOptionsOf(request),
        );
        return sendAccepted(reply, outcome);
      },
    );

    app.get<{ Params: { countyCode: string; actId: string } }>(
      '/api/v1/counties/:countyCode/acts/:actId',
      { schema: { params: actParams }, config: { access: { permission: 'act.read', target: countyTarget } } },
      async (request, reply) => {
        const act = await deps.queries.get(request.principal, request.params.countyCode, request.params.actId);
        return reply.header('etag', `"${act.version}"`).send(act);
      },
    );

    app.get<{ Params: { countyCode: string; actId: string } }>(
      '/api/v1/counties/:countyCode/acts/:actId/timeline',
      { schema: { params: actParams }, config: { access: { permission: 'act.read', target: countyTarget } } },
      async (request) => ({
        actId: request.params.actId,
        entries: await deps.queries.timeline(request.principal, request.params.countyCode, request.params.actId),
      }),
    );

    app.get<{ Params: { countyCode: string }; Querystring: Record<string, string | number | undefined> }>(
      '/api/v1/counties/:countyCode/acts',
      {
        schema: { params: countyParamsSchema, querystring: searchQuerySchema },
        config: { access: { permission: 'act.search', target: countyTarget } },
      },
      async (request) => {
        const q = request.query;
        const search: ActSearch = {
          ...(q['agencyId'] ? { agencyId: String(q['agencyId']) } : {}),
          ...(q['category'] ? { category: String(q['category']) } : {}),
          ...(q['status'] ? { status: String(q['status']) } : {}),
          ...(q['openedFrom'] ? { openedFrom: new Date(String(q['openedFrom'])) } : {}),
          ...(q['openedTo'] ? { openedTo: new Date(String(q['openedTo'])) } : {}),
          ...(q['target'] ? { target: String(q['target']) } : {}),
          ...(q['officerId'] ? { officerId: String(q['officerId']) } : {}),
          ...(q['limit'] ? { limit: Number(q['limit']) } : {}),
          ...(q['cursor'] ? { cursor: String(q['cursor']) } : {}),
        };
        const page = await deps.queries.search(request.principal, request.params.countyCode, search);
        return { acts: page.items, nextCursor: page.nextCursor };
      },
    );
  };
}
