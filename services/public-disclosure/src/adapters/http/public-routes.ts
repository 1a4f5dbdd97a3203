import type { FastifyInstance } from 'fastify';
import { ValidationError } from '@lesp/core';
import { countyParamsSchema, pageQuerySchema } from '@lesp/service-bootstrap';
import type { PublicAgencyQueries } from '../../application/public-agency-queries.js';
import type { PublicDecisionQueries } from '../../application/public-decision-queries.js';
import type { PublicSupervisionQueries } from '../../application/public-supervision-queries.js';
import type { PublicStatisticsQueries } from '../../application/public-statistics-queries.js';
import { MAX_KEYWORD_CHARS } from '../../domain/search-tokens.js';
import { caseFileReviewResponse, caseFileReviewsResponse, evaluationsResponse } from './public-supervision-schemas.js';

const DAY = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 } as const;
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;

export interface DecisionSearchQuery {
  typical?: boolean;
  agencyId?: string;
  category?: string;
  from?: string;
  to?: string;
  keyword?: string;
  limit?: number;
  cursor?: string;
}

/** A China day (UTC+8) as the instant it starts; `endExclusive` gives the next day's start. */
export function chinaDayStart(day: string, field: string, endExclusive = false): Date {
  const start = new Date(`${day}T00:00:00+08:00`);
  if (Number.isNaN(start.getTime()) || new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10) !== day)
    throw ValidationError.of(field, 'DATE_INVALID', '日期应为存在的日期（YYYY-MM-DD）');
  return endExclusive ? new Date(start.getTime() + 24 * 3600_000) : start;
}

export function publicRoutes(deps: {
  queries: PublicAgencyQueries;
  decisions: PublicDecisionQueries;
  supervision: PublicSupervisionQueries;
  statistics: PublicStatisticsQueries;
  ratePerMinute: number;
}) {
  // Anyone on the internet: no token, but a rate limit per client address.
  const publicAccess = { access: { permission: 'public.read' }, rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } } as const;
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { countyCode: string }; Querystring: { limit?: number; cursor?: string } }>(
      '/api/v1/public/counties/:countyCode/agencies',
      {
        schema: { summary: '执法主体名单（公开）', params: countyParamsSchema, querystring: pageQuerySchema },
        config: publicAccess,
      },
      async (request, reply) => {
        const page = await deps.queries.list(request.params.countyCode, request.query);
        // Public and the same for everyone: short shared caching is safe.
        return reply.header('cache-control', 'public, max-age=30').send({ agencies: page.items, nextCursor: page.nextCursor });
      },
    );

    app.get<{ Params: { countyCode: string; agencyId: string } }>(
      '/api/v1/public/counties/:countyCode/agencies/:agencyId/disclosure',
      {
        schema: {
          summary: '执法主体公示七项：法定依据、职责权限、执法程序、执法人员、相对人权利、执法结果、救济途径',
          params: { type: 'object', required: ['countyCode', 'agencyId'], properties: { ...countyParamsSchema.properties, agencyId: ID } },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { countyCode, agencyId } = request.params;
        const items = await deps.queries.sevenItems(countyCode, agencyId, (id) => deps.decisions.countForAgency(countyCode, id));
        return reply.header('cache-control', 'public, max-age=60').send(items);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { agencyId?: string; limit?: number; cursor?: string } }>(
      '/api/v1/public/counties/:countyCode/officers',
      {
        schema: {
          summary: '执法人员及执法证状态（公开）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { agencyId: ID, limit: { type: 'integer', minimum: 1, maximum: 200 }, cursor: { type: 'string', maxLength: 400 } },
          },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { agencyId, limit, cursor } = request.query;
        const page = await deps.queries.officers(request.params.countyCode, agencyId ?? '', {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor ? { cursor } : {}),
        });
        return reply.header('cache-control', 'public, max-age=60').send({ officers: page.items, nextCursor: page.nextCursor });
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { year: number } }>(
      '/api/v1/public/counties/:countyCode/statistics',
      {
        schema: {
          summary: '年度行政执法统计（各执法主体、各类别的立案/受理、决定、办结与罚没金额；年度结束后公布）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            required: ['year'],
            additionalProperties: false,
            properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } },
          },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const statistics = await deps.statistics.annual(request.params.countyCode, request.query.year);
        return reply.header('cache-control', 'public, max-age=300').send(statistics);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { year?: number; limit?: number; cursor?: string } }>(
      '/api/v1/public/counties/:countyCode/random-inspections',
      {
        schema: {
          summary: '双随机、一公开：已公示的抽查任务及抽查结果',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              year: { type: 'integer', minimum: 2000, maximum: 2100 },
              limit: { type: 'integer', minimum: 1, maximum: 200 },
              cursor: { type: 'string', maxLength: 400 },
            },
          },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { year, limit, cursor } = request.query;
        const page = await deps.supervision.inspections(request.params.countyCode, year, {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor ? { cursor } : {}),
        });
        return reply.header('cache-control', 'public, max-age=60').send({ inspections: page.items, nextCursor: page.nextCursor });
      },
    );

    app.get<{ Params: { countyCode: string; planId: string } }>(
      '/api/v1/public/counties/:countyCode/random-inspections/:planId',
      {
        schema: {
          summary: '一项已公示的抽查任务及其结果',
          params: { type: 'object', required: ['countyCode', 'planId'], properties: { ...countyParamsSchema.properties, planId: ID } },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const inspection = await deps.supervision.inspection(request.params.countyCode, request.params.planId);
        return reply.header('cache-control', 'public, max-age=60').send(inspection);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { agencyId?: string; limit?: number; cursor?: string } }>(
      '/api/v1/public/counties/:countyCode/rectifications',
      {
        schema: {
          summary: '整改落实公布：监督机构决定公开的整改结果',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { agencyId: ID, limit: { type: 'integer', minimum: 1, maximum: 200 }, cursor: { type: 'string', maxLength: 400 } },
          },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { agencyId, limit, cursor } = request.query;
        const page = await deps.supervision.rectifications(request.params.countyCode, agencyId ?? '', {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor ? { cursor } : {}),
        });
        return reply.header('cache-control', 'public, max-age=60').send({ rectifications: page.items, nextCursor: page.nextCursor });
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { year?: number; limit?: number; cursor?: string } }>(
      '/api/v1/public/counties/:countyCode/evaluations',
      {
        schema: {
          summary: '执法监督评议结果：已公布的执法主体年度评议考核得分与等次（不含评议人员个人评分）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              year: { type: 'integer', minimum: 2000, maximum: 2100 },
              limit: { type: 'integer', minimum: 1, maximum: 200 },
              cursor: { type: 'string', maxLength: 400 },
            },
          },
          response: evaluationsResponse,
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { year, limit, cursor } = request.query;
        const page = await deps.supervision.evaluations(request.params.countyCode, year, {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor ? { cursor } : {}),
        });
        return reply.header('cache-control', 'public, max-age=60').send({ evaluations: page.items, nextCursor: page.nextCursor });
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { limit?: number; cursor?: string } }>(
      '/api/v1/public/counties/:countyCode/case-file-reviews',
      {
        schema: {
          summary: '案卷评查通报：已公布的评查结果（抽查案卷数、得分、等次、常见问题）',
          params: countyParamsSchema,
          querystring: pageQuerySchema,
          response: caseFileReviewsResponse,
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { limit, cursor } = request.query;
        const page = await deps.supervision.caseFileReviews(request.params.countyCode, {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor ? { cursor } : {}),
        });
        return reply.header('cache-control', 'public, max-age=60').send({ caseFileReviews: page.items, nextCursor: page.nextCursor });
      },
    );

    app.get<{ Params: { countyCode: string; reviewId: string } }>(
      '/api/v1/public/counties/:countyCode/case-file-reviews/:reviewId',
      {
        schema: {
          summary: '一期已公布的案卷评查通报',
          params: { type: 'object', required: ['countyCode', 'reviewId'], properties: { ...countyParamsSchema.properties, reviewId: ID } },
          response: caseFileReviewResponse,
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const review = await deps.supervision.caseFileReview(request.params.countyCode, request.params.reviewId);
        return reply.header('cache-control', 'public, max-age=60').send(review);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: DecisionSearchQuery }>(
      '/api/v1/public/counties/:countyCode/decisions',
      {
        schema: {
          summary: '执法决定公示：按执法主体、类别、决定日期、关键词、典型案例检索（最新决定在前，游标分页）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              typical: { type: 'boolean' },
              agencyId: ID,
              category: { type: 'string', minLength: 1, maxLength: 20 },
              from: DAY,
              to: DAY,
              keyword: { type: 'string', minLength: 1, maxLength: MAX_KEYWORD_CHARS },
              limit: { type: 'integer', minimum: 1, maximum: 100 },
              cursor: { type: 'string', maxLength: 400 },
            },
          },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const q = request.query;
        const page = await deps.decisions.search(request.params.countyCode, {
          ...(q.typical ? { typical: true } : {}),
          ...(q.agencyId ? { agencyId: q.agencyId } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.from ? { decidedFrom: chinaDayStart(q.from, 'from') } : {}),
          ...(q.to ? { decidedTo: chinaDayStart(q.to, 'to', true) } : {}),
          ...(q.keyword ? { keyword: q.keyword } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
        });
        return reply.header('cache-control', 'public, max-age=30').send({ decisions: page.items, nextCursor: page.nextCursor });
      },
    );

    app.get<{ Params: { countyCode: string; actId: string } }>(
      '/api/v1/public/counties/:countyCode/decisions/:actId',
      {
        schema: {
          summary: '一项公示的执法决定',
          params: {
            type: 'object',
            required: ['countyCode', 'actId'],
            properties: { ...countyParamsSchema.properties, actId: ID },
          },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const decision = await deps.decisions.get(request.params.countyCode, request.params.actId);
        return reply.header('cache-control', 'public, max-age=30').send(decision);
      },
    );
  };
}
