import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  actorOf,
  commandContext,
  commandOptionsOf,
  correlationIdFrom,
  countyParamsSchema,
  CORRELATION_HEADER,
} from '@lesp/service-bootstrap';
import type { DisclosureCommands } from '../../application/disclosure-commands.js';
import type { DisclosureQueries } from '../../application/disclosure-queries.js';
import { DISCLOSURE_STATUSES } from '../../application/projections/disclosures.js';
import { MAX_NOTE, MAX_REASON } from '../../domain/decision/decision-disclosure.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const entryParams = {
  type: 'object',
  required: ['countyCode', 'actId'],
  properties: { ...countyParamsSchema.properties, actId: ID },
} as const;
const acceptedSchema = {
  type: 'object',
  properties: {
    aggregateId: { type: 'string' },
    version: { type: 'integer' },
    eventIds: { type: 'array', items: { type: 'string' } },
    replayed: { type: 'boolean' },
  },
} as const;

type EntryParams = { countyCode: string; actId: string };

/** The owning agency names itself in the body; the policy checks it is the caller's (own-agency). */
const bodyAgency = (request: { params: unknown; body: unknown }) => ({
  countyCodes: [(request.params as EntryParams).countyCode],
  agencyId: (request.body as { agencyId: string }).agencyId,
});

function context(request: FastifyRequest, countyCode: string) {
  return commandContext(actorOf(request.principal, countyCode), correlationIdFrom(request.headers[CORRELATION_HEADER]), new Date());
}

/**
 * Who enforces, publishes (谁执法谁公示): the agency's reviewer works through its entries
 * (待保密审查), approves or refuses them, and withdraws a published one whose source was wrong.
 */
export function disclosureReviewRoutes(deps: { commands: DisclosureCommands; disclosures: DisclosureQueries }) {
  const base = '/api/v1/counties/:countyCode/disclosures';
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { countyCode: string }; Querystring: { agencyId?: string; status?: string; limit?: number; cursor?: string } }>(
      base,
      {
        schema: {
          summary: '执法决定公示条目（本单位保密审查待办及状态；监督机构查看全县）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              agencyId: ID,
              status: { type: 'string', enum: [...DISCLOSURE_STATUSES] },
              limit: { type: 'integer', minimum: 1, maximum: 200 },
              cursor: { type: 'string', maxLength: 400 },
            },
          },
        },
        config: {
          access: {
            permission: 'disclosure.read',
            target: (request: { params: unknown; query: unknown }) => {
              const agencyId = (request.query as { agencyId?: string }).agencyId;
              return { countyCodes: [(request.params as { countyCode: string }).countyCode], ...(agencyId ? { agencyId } : {}) };
            },
          },
        },
      },
      async (request) => {
        const { agencyId, status, limit, cursor } = request.query;
        const page = await deps.disclosures.list(
          request.principal,
          request.params.countyCode,
          { ...(agencyId ? { agencyId } : {}), ...(status ? { status } : {}) },
          { ...(limit !== undefined ? { limit } : {}), ...(cursor ? { cursor } : {}) },
        );
        return { disclosures: page.items, nextCursor: page.nextCursor };
      },
    );

    app.post<{ Params: EntryParams; Body: { agencyId: string } }>(
      `${base}/:actId/approval`,
      {
        schema: {
          summary: '保密审查通过，公示该执法决定（记录公示时间）',
          params: entryParams,
          body: { type: 'object', required: ['agencyId'], additionalProperties: false, properties: { agencyId: ID } },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'disclosure.review', target: bodyAgency } },
      },
      async (request) => {
        const { countyCode, actId } = request.params;
        return deps.commands.approve(countyCode, actId, request.body.agencyId, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: EntryParams; Body: { agencyId: string; reason: string } }>(
      `${base}/:actId/refusal`,
      {
        schema: {
          summary: '保密审查不予公开（须说明理由）',
          params: entryParams,
          body: {
            type: 'object',
            required: ['agencyId', 'reason'],
            additionalProperties: false,
            properties: { agencyId: ID, reason: { type: 'string', maxLength: MAX_REASON * 4 } },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'disclosure.review', target: bodyAgency } },
      },
      async (request) => {
        const { countyCode, actId } = request.params;
        const { agencyId, reason } = request.body;
        return deps.commands.refuse(countyCode, actId, agencyId, reason, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: EntryParams; Body: { agencyId: string; note: string } }>(
      `${base}/:actId/typical-case`,
      {
        schema: {
          summary: '将已公示的执法决定列为典型案例（附说明）',
          params: entryParams,
          body: {
            type: 'object',
            required: ['agencyId', 'note'],
            additionalProperties: false,
            properties: { agencyId: ID, note: { type: 'string', maxLength: MAX_NOTE * 4 } },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'disclosure.review', target: bodyAgency } },
      },
      async (request) => {
        const { countyCode, actId } = request.params;
        const { agencyId, note } = request.body;
        return deps.commands.markTypicalCase(countyCode, actId, agencyId, note, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: EntryParams; Body: { agencyId: string; reason: string } }>(
      `${base}/:actId/withdrawal`,
      {
        schema: {
          summary: '撤回公示（来源数据有误等，须说明理由）',
          params: entryParams,
          body: {
            type: 'object',
            required: ['agencyId', 'reason'],
            additionalProperties: false,
            properties: { agencyId: ID, reason: { type: 'string', maxLength: MAX_REASON * 4 } },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'disclosure.review', target: bodyAgency } },
      },
      async (request) => {
        const { countyCode, actId } = request.params;
        const { agencyId, reason } = request.body;
        return deps.commands.withdraw(countyCode, actId, agencyId, reason, context(request, countyCode), commandOptionsOf(request));
      },
    );
  };
}
