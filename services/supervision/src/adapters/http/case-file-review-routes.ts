import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, COUNTY_CODE_PATTERN, commandContext, countyParamsSchema, countyTarget, commandOptionsOf } from '@lesp/service-bootstrap';
import type { CaseFileReviewCommands } from '../../application/case-file-review/review-commands.js';
import { REVIEW_STATUS_VALUES, type CaseFileReviewQueries } from '../../application/case-file-review/review-queries.js';
import type { Checklist, ItemAssessment } from '../../domain/case-file-review/checklist.js';
import type { ReviewRecurrence } from '../../domain/case-file-review/review-schedule.js';
import type { SampleCriteria, SampleSize } from '../../domain/case-file-review/sample.js';
import type { SupervisionForm } from '../../domain/shared/supervision-forms.js';
import type { EnforcementCategory } from '@lesp/core';
import { acceptedSchema } from './command-headers.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const TEXT = (max: number) => ({ type: 'string', maxLength: max }) as const;
const DATE_TIME = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: ':[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$',
} as const;
const PERIOD = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: { from: DATE_TIME, to: DATE_TIME },
} as const;
const SIZE = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['per_agency', 'share', 'total', 'per_category'] },
    count: { type: 'integer', minimum: 0, maximum: 100000 },
    share: { type: 'number', minimum: 0, maximum: 1 },
    counts: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        required: ['category', 'count'],
        additionalProperties: false,
        properties: { category: TEXT(20), count: { type: 'integer', minimum: 0, maximum: 100000 } },
      },
    },
  },
} as const;
const criteriaSchema = (withPeriod: boolean) =>
  ({
    type: 'object',
    required: [...(withPeriod ? ['period'] : []), 'agencyIds', 'categories', 'size'],
    additionalProperties: false,
    properties: {
      ...(withPeriod ? { period: PERIOD } : {}),
      agencyIds: { type: 'array', maxItems: 500, items: ID },
      categories: { type: 'array', maxItems: 10, items: TEXT(20) },
      size: SIZE,
      minEnterpriseShare: { type: 'number', minimum: 0, maximum: 1 },
    },
  }) as const;
const CHECKLIST = {
  type: 'object',
  required: ['version', 'items', 'passScore', 'excellentScore'],
  additionalProperties: false,
  properties: {
    version: TEXT(200),
    items: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['code', 'name', 'weight', 'veto'],
        additionalProperties: false,
        properties: { code: TEXT(40), name: TEXT(200), weight: { type: 'number', minimum: 0, maximum: 100 }, veto: { type: 'boolean' } },
      },
    },
    passScore: { type: 'number', minimum: 0, maximum: 100 },
    excellentScore: { type: 'number', minimum: 0, maximum: 100 },
  },
} as const;
const RECURRENCE = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', enum: ['once', 'every'] },
    period: PERIOD,
    months: { type: 'integer', enum: [1, 3, 6, 12] },
    firstMonth: TEXT(7),
    lastMonth: TEXT(7),
  },
} as const;
const FORM = { type: 'string', enum: ['routine', 'focused', 'special'] } as const;

const reviewParams = {
  type: 'object',
  required: ['countyCode', 'reviewId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, reviewId: ID },
} as const;
const fileParams = {
  type: 'object',
  required: ['countyCode', 'reviewId', 'fileId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, reviewId: ID, fileId: ID },
} as const;
const definitionParams = {
  type: 'object',
  required: ['countyCode', 'definitionId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, definitionId: ID },
} as const;
const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200 },
  cursor: { type: 'string', maxLength: 400 },
} as const;

interface PeriodJson {
  from: string;
  to: string;
}
interface SizeJson {
  kind: SampleSize['kind'];
  count?: number;
  share?: number;
  counts?: { category: string; count: number }[];
}
interface CriteriaJson {
  period?: PeriodJson;
  agencyIds: string[];
  categories: string[];
  size: SizeJson;
  minEnterpriseShare?: number;
}

const periodOf = (p: PeriodJson) => ({ from: new Date(p.from), to: new Date(p.to) });
function sizeOf(size: SizeJson): SampleSize {
  switch (size.kind) {
    case 'share':
      return { kind: 'share', share: size.share ?? 0 };
    case 'per_category':
      return {
        kind: 'per_category',
        counts: (size.counts ?? []).map((c) => ({ category: c.category as EnforcementCategory, count: c.count })),
      };
    default:
      return { kind: size.kind, count: size.count ?? 0 };
  }
}
const roundCriteriaOf = (c: CriteriaJson) => ({
  agencyIds: c.agencyIds,
  categories: c.categories as EnforcementCategory[],
  size: sizeOf(c.size),
  minEnterpriseShare: c.minEnterpriseShare ?? 0,
});
const criteriaOf = (c: CriteriaJson): SampleCriteria => ({
  ...roundCriteriaOf(c),
  period: c.period ? periodOf(c.period) : { from: new Date(NaN), to: new Date(NaN) },
});
function recurrenceOf(r: {
  kind: 'once' | 'every';
  period?: PeriodJson;
  months?: number;
  firstMonth?: string;
  lastMonth?: string;
}): ReviewRecurrence {
  if (r.kind === 'once') return { kind: 'once', period: r.period ? periodOf(r.period) : { from: new Date(NaN), to: new Date(NaN) } };
  return {
    kind: 'every',
    months: (r.months ?? 0) as 1,
    firstMonth: r.firstMonth ?? '',
    ...(r.lastMonth ? { lastMonth: r.lastMonth } : {}),
  };
}

export interface CaseFileReviewRouteDeps {
  readonly commands: CaseFileReviewCommands;
  readonly queries: CaseFileReviewQueries;
  readonly clock: () => Date;
}

/** Case-file review (案卷评查) over HTTP, under /api/v1/counties/:county. */
export function caseFileReviewRoutes(deps: CaseFileReviewRouteDeps) {
  const { commands, queries } = deps;
  const context = (request: FastifyRequest, countyCode: string) =>
    commandContext(actorOf(request.principal, countyCode), request.id, deps.clock());
  const manage = { permission: 'supervision.case_file_review.manage', target: countyTarget } as const;
  const read = { permission: 'supervision.case_file_review.read', target: countyTarget } as const;
  const base = '/api/v1/counties/:countyCode';
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{
      Params: { countyCode: string };
      Body: {
        definitionId?: string;
        title: string;
        supervisionForm: SupervisionForm;
        recurrence: Parameters<typeof recurrenceOf>[0];
        criteria: CriteriaJson;
        checklist?: Checklist;
      };
    }>(
      `${base}/case-file-review-definitions`,
      {
        schema: {
          summary: '制定案卷评查方案（一次性或周期性；每轮期间结束后自动开启评查）',
          params: countyParamsSchema,
          body: {
            type: 'object',
            required: ['title', 'supervisionForm', 'recurrence', 'criteria'],
            additionalProperties: false,
            properties: {
              definitionId: ID,
              title: TEXT(200),
              supervisionForm: FORM,
              recurrence: RECURRENCE,
              criteria: criteriaSchema(false),
              checklist: CHECKLIST,
            },
          },
          response: { 201: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const b = request.body;
        const outcome = await commands.define(
          request.principal,
          countyCode,
          {
            ...(b.definitionId ? { definitionId: b.definitionId } : {}),
            title: b.title,
            supervisionForm: b.supervisionForm,
            recurrence: recurrenceOf(b.recurrence),
            criteria: roundCriteriaOf(b.criteria),
            ...(b.checklist ? { checklist: b.checklist } : {}),
          },
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { limit?: number; cursor?: string } }>(
      `${base}/case-file-review-definitions`,
      {
        schema: {
          summary: '案卷评查方案列表',
          params: countyParamsSchema,
          querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        },
        config: { access: read },
      },
      async (request) => {
        const { limit, cursor } = request.query;
        const page = await queries.definitions(request.principal, request.params.countyCode, {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor !== undefined ? { cursor } : {}),
        });
        return { definitions: page.items, nextCursor: page.nextCursor };
      },
    );

    app.post<{ Params: { countyCode: string; definitionId: string }; Body: { reason: string } }>(
      `${base}/case-file-review-definitions/:definitionId/retirement`,
      {
        schema: {
          summary: '停止执行案卷评查方案（须说明理由）',
          params: definitionParams,
          body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: TEXT(2000) } },
          response: { 200: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request) => {
        const { countyCode, definitionId } = request.params;
        return commands.retire(
          request.principal,
          countyCode,
          definitionId,
          request.body.reason,
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{
      Params: { countyCode: string };
      Body: { reviewId?: string; title: string; supervisionForm: SupervisionForm; criteria: CriteriaJson; checklist?: Checklist };
    }>(
      `${base}/case-file-reviews`,
      {
        schema: {
          summary: '开启一次案卷评查（按期间、执法主体、类别、抽取数量和涉企比例）',
          params: countyParamsSchema,
          body: {
            type: 'object',
            required: ['title', 'supervisionForm', 'criteria'],
            additionalProperties: false,
            properties: { reviewId: ID, title: TEXT(200), supervisionForm: FORM, criteria: criteriaSchema(true), checklist: CHECKLIST },
          },
          response: { 201: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const b = request.body;
        const outcome = await commands.open(
          request.principal,
          countyCode,
          {
            ...(b.reviewId ? { reviewId: b.reviewId } : {}),
            title: b.title,
            supervisionForm: b.supervisionForm,
            criteria: criteriaOf(b.criteria),
            ...(b.checklist ? { checklist: b.checklist } : {}),
          },
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { status?: string; limit?: number; cursor?: string } }>(
      `${base}/case-file-reviews`,
      {
        schema: {
          summary: '案卷评查列表',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { status: { type: 'string', enum: [...REVIEW_STATUS_VALUES] }, ...pageQuery },
          },
        },
        config: { access: read },
      },
      async (request) => {
        const { status, limit, cursor } = request.query;
        const page = await queries.list(request.principal, request.params.countyCode, status, {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor !== undefined ? { cursor } : {}),
        });
        return { reviews: page.items, nextCursor: page.nextCursor };
      },
    );

    app.get<{ Params: { countyCode: string; reviewId: string } }>(
      `${base}/case-file-reviews/:reviewId`,
      {
        schema: { summary: '案卷评查详情（每次抽样的种子、算法、候选摘要与样本，评分，通报）', params: reviewParams },
        config: { access: read },
      },
      async (request, reply) => {
        const review = await queries.get(request.principal, request.params.countyCode, request.params.reviewId);
        return reply.header('etag', `"${review.version}"`).send(review);
      },
    );

    app.post<{ Params: { countyCode: string; reviewId: string }; Body: { seed?: number; redrawReason?: string } }>(
      `${base}/case-file-reviews/:reviewId/sample-draws`,
      {
        schema: {
          summary: '抽取评查样本（可指定种子；不指定时随机生成并记录）',
          params: reviewParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { seed: { type: 'integer', minimum: 0, maximum: 4294967295 }, redrawReason: TEXT(2000) },
          },
          response: { 201: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request, reply) => {
        const { countyCode, reviewId } = request.params;
        const body = request.body ?? {};
        const outcome = await commands.draw(
          request.principal,
          countyCode,
          reviewId,
          { ...(body.seed !== undefined ? { seed: body.seed } : {}), ...(body.redrawReason ? { redrawReason: body.redrawReason } : {}) },
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );

    app.post<{
      Params: { countyCode: string; reviewId: string; fileId: string };
      Body: {
        assessments: { itemCode: string; points?: number; breached?: boolean }[];
        problems?: { itemCode: string; description: string }[];
      };
    }>(
      `${base}/case-file-reviews/:reviewId/files/:fileId/score`,
      {
        schema: {
          summary: '案卷评分（逐项打分，否决项是否违反，扣分项须写明问题）',
          params: fileParams,
          body: {
            type: 'object',
            required: ['assessments'],
            additionalProperties: false,
            properties: {
              assessments: {
                type: 'array',
                maxItems: 50,
                items: {
                  type: 'object',
                  required: ['itemCode'],
                  additionalProperties: false,
                  properties: { itemCode: TEXT(40), points: { type: 'number', minimum: 0, maximum: 100 }, breached: { type: 'boolean' } },
                },
              },
              problems: {
                type: 'array',
                maxItems: 50,
                items: {
                  type: 'object',
                  required: ['itemCode', 'description'],
                  additionalProperties: false,
                  properties: { itemCode: TEXT(40), description: TEXT(2000) },
                },
              },
            },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request) => {
        const { countyCode, reviewId, fileId } = request.params;
        const assessments: ItemAssessment[] = request.body.assessments.map((a) =>
          a.breached !== undefined ? { itemCode: a.itemCode, breached: a.breached } : { itemCode: a.itemCode, points: a.points ?? 0 },
        );
        return commands.score(
          request.principal,
          countyCode,
          reviewId,
          fileId,
          { assessments, problems: request.body.problems ?? [] },
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{ Params: { countyCode: string; reviewId: string }; Body: { conclusion: string } }>(
      `${base}/case-file-reviews/:reviewId/summary`,
      {
        schema: {
          summary: '发布评查结果通报（全部样本评分后）',
          params: reviewParams,
          body: { type: 'object', required: ['conclusion'], additionalProperties: false, properties: { conclusion: TEXT(8000) } },
          response: { 200: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request) => {
        const { countyCode, reviewId } = request.params;
        return commands.publish(
          request.principal,
          countyCode,
          reviewId,
          request.body.conclusion,
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{ Params: { countyCode: string; reviewId: string }; Body: { agencyId: string } }>(
      `${base}/case-file-reviews/:reviewId/rectification-referrals`,
      {
        schema: {
          summary: '将执法主体的评查问题转为整改',
          params: reviewParams,
          body: { type: 'object', required: ['agencyId'], additionalProperties: false, properties: { agencyId: ID } },
          response: { 201: { ...acceptedSchema, properties: { ...acceptedSchema.properties, rectificationId: { type: 'string' } } } },
        },
        config: { access: manage },
      },
      async (request, reply) => {
        const { countyCode, reviewId } = request.params;
        const outcome = await commands.refer(
          request.principal,
          countyCode,
          reviewId,
          request.body.agencyId,
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );
  };
}
