import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, COUNTY_CODE_PATTERN, commandContext, countyParamsSchema, countyTarget, commandOptionsOf } from '@lesp/service-bootstrap';
import type { Accountability } from '../../domain/rectification/index.js';
import {
  MAX_DEADLINE_WORKING_DAYS,
  type DeadlineInput,
  type RectificationCommands,
} from '../../application/rectification/rectification-commands.js';
import { RECTIFICATION_STATUS_VALUES, type RectificationQueries } from '../../application/rectification/rectification-queries.js';
import { acceptedSchema } from './command-headers.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const TEXT = (max: number) => ({ type: 'string', maxLength: max }) as const;
/** RFC 3339 with a full offset (a leap second or an hour-only offset passes `date-time` but is no JavaScript date). */
const DATE_TIME = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: ':[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$',
} as const;
const WORKING_DAYS = { type: 'integer', minimum: 1, maximum: MAX_DEADLINE_WORKING_DAYS } as const;
const RECIPIENTS = {
  type: 'array',
  maxItems: 20,
  items: {
    type: 'object',
    required: ['name', 'relation'],
    additionalProperties: false,
    properties: { name: TEXT(200), relation: TEXT(200) },
  },
} as const;
const ACCOUNTABILITY = {
  type: 'object',
  required: ['decidedBy', 'measure', 'persons', 'basis', 'decidedAt'],
  additionalProperties: false,
  properties: {
    decidedBy: TEXT(200),
    measure: TEXT(200),
    persons: { type: 'array', maxItems: 50, items: TEXT(200) },
    basis: TEXT(2000),
    decidedAt: DATE_TIME,
  },
} as const;

const rectificationParams = {
  type: 'object',
  required: ['countyCode', 'rectificationId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, rectificationId: ID },
} as const;

const groundSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string' },
    alertId: { type: 'string' },
    reviewId: { type: 'string' },
    problemId: { type: 'string' },
    planId: { type: 'string' },
    targetId: { type: 'string' },
    description: { type: 'string' },
  },
} as const;
const recipientSchema = { type: 'object', properties: { name: { type: 'string' }, relation: { type: 'string' } } } as const;
const rectificationSchema = {
  type: 'object',
  properties: {
    rectificationId: { type: 'string' },
    countyCode: { type: 'string' },
    agencyId: { type: 'string' },
    documentKind: { type: 'string' },
    documentNumber: { type: 'string' },
    supervisionForm: { type: 'string' },
    status: { type: 'string' },
    overdue: { type: 'boolean' },
    grounds: { type: 'array', items: groundSchema },
    findings: { type: 'string' },
    requirements: { type: 'string' },
    deadline: { type: 'string', format: 'date-time' },
    copiedTo: { type: 'array', items: recipientSchema },
    issuedBy: { type: 'string' },
    issuedAt: { type: 'string', format: 'date-time' },
    measures: { type: 'array', items: { type: 'string' } },
    explanation: { type: 'string' },
    repliedAt: { type: 'string', format: 'date-time' },
    repliedLate: { type: 'boolean' },
    returns: { type: 'integer' },
    escalationLevel: { type: 'integer' },
    lastOpinion: { type: 'string' },
    outcome: { type: 'string' },
    publicSummary: { type: 'string' },
    closedAt: { type: 'string', format: 'date-time' },
    accountabilityRecorded: { type: 'boolean' },
    version: { type: 'integer' },
  },
} as const;

interface AccountabilityBody {
  decidedBy: string;
  measure: string;
  persons: string[];
  basis: string;
  decidedAt: string;
}
const accountabilityOf = (body: AccountabilityBody): Accountability => ({ ...body, decidedAt: new Date(body.decidedAt) });
const deadlineOf = (deadline: string | undefined, workingDays: number | undefined): DeadlineInput => ({
  ...(deadline !== undefined ? { deadline: new Date(deadline) } : {}),
  ...(workingDays !== undefined ? { workingDays } : {}),
});

export interface RectificationRouteDeps {
  readonly commands: RectificationCommands;
  readonly queries: RectificationQueries;
  readonly clock: () => Date;
}

/** Rectification (整改) over HTTP: supervisors issue, accept, return, close; the addressed agency's clerk replies. */
export function rectificationRoutes(deps: RectificationRouteDeps) {
  const { commands, queries } = deps;
  const context = (request: FastifyRequest, countyCode: string) =>
    commandContext(actorOf(request.principal, countyCode), request.id, deps.clock());
  const base = '/api/v1/counties/:countyCode/rectifications';
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{
      Params: { countyCode: string };
      Body: {
        rectificationId?: string;
        documentKind: string;
        documentNumber: string;
        supervisionForm: string;
        agencyId: string;
        grounds: { kind: string; alertId?: string; description?: string }[];
        findings: string;
        requirements: string;
        deadline?: string;
        deadlineWorkingDays?: number;
        copiedTo?: { name: string; relation: string }[];
      };
    }>(
      base,
      {
        schema: {
          summary: '签发监督通知书/意见书/决定书（依据预警或监督发现的问题，限期整改）',
          params: countyParamsSchema,
          body: {
            type: 'object',
            required: ['documentKind', 'documentNumber', 'supervisionForm', 'agencyId', 'grounds', 'findings', 'requirements'],
            additionalProperties: false,
            properties: {
              rectificationId: ID,
              documentKind: { type: 'string', enum: ['notice', 'opinion', 'decision'] },
              documentNumber: TEXT(200),
              supervisionForm: { type: 'string', enum: ['routine', 'focused', 'special'] },
              agencyId: ID,
              grounds: {
                type: 'array',
                minItems: 1,
                maxItems: 100,
                items: {
                  type: 'object',
                  required: ['kind'],
                  additionalProperties: false,
                  properties: { kind: { type: 'string', enum: ['alert', 'finding'] }, alertId: ID, description: TEXT(2000) },
                },
              },
              findings: TEXT(2000),
              requirements: TEXT(2000),
              deadline: DATE_TIME,
              deadlineWorkingDays: WORKING_DAYS,
              copiedTo: RECIPIENTS,
            },
          },
          response: { 201: acceptedSchema },
        },
        config: { access: { permission: 'supervision.rectification.manage', target: countyTarget } },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const { deadline, deadlineWorkingDays, copiedTo, ...body } = request.body;
        const outcome = await commands.issue(
          request.principal,
          countyCode,
          { ...body, deadline: deadlineOf(deadline, deadlineWorkingDays), copiedTo: copiedTo ?? [] },
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );

    app.get<{
      Params: { countyCode: string };
      Querystring: { agencyId?: string; status?: string; overdue?: boolean; limit?: number; cursor?: string };
    }>(
      base,
      {
        schema: {
          summary: '整改列表（按执法主体、状态、是否逾期筛选）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              agencyId: ID,
              status: { type: 'string', enum: [...RECTIFICATION_STATUS_VALUES] },
              overdue: { type: 'boolean' },
              limit: { type: 'integer', minimum: 1, maximum: 200 },
              cursor: { type: 'string', maxLength: 400 },
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { rectifications: { type: 'array', items: rectificationSchema }, nextCursor: { type: 'string' } },
            },
          },
        },
        config: { access: { permission: 'supervision.rectification.list', target: countyTarget } },
      },
      async (request) => {
        const { limit, cursor, overdue, ...filter } = request.query;
        const page = await queries.list(
          request.principal,
          request.params.countyCode,
          { ...filter, overdueOnly: overdue === true },
          { ...(limit !== undefined ? { limit } : {}), ...(cursor !== undefined ? { cursor } : {}) },
        );
        return { rectifications: page.items, nextCursor: page.nextCursor };
      },
    );

    app.get<{ Params: { countyCode: string; rectificationId: string } }>(
      `${base}/:rectificationId`,
      {
        schema: { summary: '整改详情', params: rectificationParams, response: { 200: rectificationSchema } },
        config: { access: { permission: 'supervision.rectification.read', target: countyTarget } },
      },
      async (request, reply) => {
        const view = await queries.get(request.principal, request.params.countyCode, request.params.rectificationId);
        return reply.header('etag', `"${view.version}"`).send(view);
      },
    );

    app.post<{
      Params: { countyCode: string; rectificationId: string };
      Body: { agencyId: string; measures: string[]; explanation?: string };
    }>(
      `${base}/:rectificationId/reply`,
      {
        schema: {
          summary: '执法主体答复整改情况（本单位法制员）',
          params: rectificationParams,
          body: {
            type: 'object',
            required: ['agencyId', 'measures'],
            additionalProperties: false,
            properties: {
              agencyId: ID,
              measures: { type: 'array', minItems: 1, maxItems: 50, items: TEXT(2000) },
              explanation: TEXT(2000),
            },
          },
          response: { 200: acceptedSchema },
        },
        config: {
          access: {
            permission: 'supervision.rectification.reply',
            target: (request) => ({
              countyCodes: [(request.params as { countyCode: string }).countyCode],
              agencyId: (request.body as { agencyId?: string } | undefined)?.agencyId ?? '',
            }),
          },
        },
      },
      async (request) => {
        const { countyCode, rectificationId } = request.params;
        const { agencyId, measures, explanation } = request.body;
        return commands.reply(
          request.principal,
          countyCode,
          rectificationId,
          { agencyId, measures, explanation: explanation ?? '' },
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{ Params: { countyCode: string; rectificationId: string }; Body: { opinion: string } }>(
      `${base}/:rectificationId/acceptance`,
      {
        schema: {
          summary: '验收整改（通过）',
          params: rectificationParams,
          body: { type: 'object', required: ['opinion'], additionalProperties: false, properties: { opinion: TEXT(2000) } },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'supervision.rectification.manage', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, rectificationId } = request.params;
        return commands.accept(
          request.principal,
          countyCode,
          rectificationId,
          request.body.opinion,
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{
      Params: { countyCode: string; rectificationId: string };
      Body: { reason: string; newDeadline?: string; newDeadlineWorkingDays?: number };
    }>(
      `${base}/:rectificationId/return`,
      {
        schema: {
          summary: '退回整改（重新限期）',
          params: rectificationParams,
          body: {
            type: 'object',
            required: ['reason'],
            additionalProperties: false,
            properties: { reason: TEXT(2000), newDeadline: DATE_TIME, newDeadlineWorkingDays: WORKING_DAYS },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'supervision.rectification.manage', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, rectificationId } = request.params;
        return commands.return(
          request.principal,
          countyCode,
          rectificationId,
          { reason: request.body.reason, newDeadline: deadlineOf(request.body.newDeadline, request.body.newDeadlineWorkingDays) },
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{
      Params: { countyCode: string; rectificationId: string };
      Body: { outcome: string; publicSummary: string; accountability?: AccountabilityBody };
    }>(
      `${base}/:rectificationId/closure`,
      {
        schema: {
          summary: '办结整改（结果公布；可一并记录责任追究）',
          params: rectificationParams,
          body: {
            type: 'object',
            required: ['outcome', 'publicSummary'],
            additionalProperties: false,
            properties: {
              outcome: { type: 'string', enum: ['rectified', 'not_rectified'] },
              publicSummary: TEXT(2000),
              accountability: ACCOUNTABILITY,
            },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'supervision.rectification.manage', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, rectificationId } = request.params;
        const { accountability, ...body } = request.body;
        return commands.close(
          request.principal,
          countyCode,
          rectificationId,
          { ...body, ...(accountability ? { accountability: accountabilityOf(accountability) } : {}) },
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{ Params: { countyCode: string; rectificationId: string }; Body: AccountabilityBody }>(
      `${base}/:rectificationId/accountability`,
      {
        schema: {
          summary: '记录责任追究（办结后）',
          params: rectificationParams,
          body: ACCOUNTABILITY,
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'supervision.rectification.manage', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, rectificationId } = request.params;
        return commands.recordAccountability(
          countyCode,
          rectificationId,
          accountabilityOf(request.body),
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );
  };
}
