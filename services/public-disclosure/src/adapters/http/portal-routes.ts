import type { FastifyInstance } from 'fastify';
import { countyParamsSchema } from '@lesp/service-bootstrap';
import type { PublicAgencyQueries } from '../../application/public-agency-queries.js';
import type { PublicDecisionQueries } from '../../application/public-decision-queries.js';
import { MAX_KEYWORD_CHARS } from '../../domain/search-tokens.js';
import { chinaDayStart, type DecisionSearchQuery } from './public-routes.js';
import type { PublicStatisticsQueries } from '../../application/public-statistics-queries.js';
import { chinaYear } from '../../application/projections/act-disclosure-process.js';
import { agencyPage, decisionPage, homePage, resultsPage, statisticsPage } from './portal-pages.js';

const DAY = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 } as const;
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
/** An empty form field means "any" on a page (browsers send every field of a GET form). */
const OPTIONAL = (schema: object) => ({ anyOf: [{ type: 'string', maxLength: 0 }, schema] });
const HTML = 'text/html; charset=utf-8';

/** The public portal (执法公示平台): the same public queries as the API, as pages. */
export function portalRoutes(deps: {
  queries: PublicAgencyQueries;
  decisions: PublicDecisionQueries;
  statistics: PublicStatisticsQueries;
  ratePerMinute: number;
}) {
  const publicAccess = { access: { permission: 'public.read' }, rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } } as const;
  const agenciesOf = async (countyCode: string) => (await deps.queries.list(countyCode, { limit: 200 })).items;
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { countyCode: string } }>(
      '/portal/counties/:countyCode',
      { schema: { summary: '公示平台首页（页面）', params: countyParamsSchema }, config: publicAccess },
      async (request, reply) => {
        const { countyCode } = request.params;
        const html = homePage(countyCode, await agenciesOf(countyCode), chinaYear(new Date()) - 1);
        return reply.type(HTML).header('cache-control', 'public, max-age=60').send(html);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: DecisionSearchQuery }>(
      '/portal/counties/:countyCode/decisions',
      {
        schema: {
          summary: '执法决定检索结果（页面）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              agencyId: OPTIONAL(ID),
              category: OPTIONAL({ type: 'string', minLength: 1, maxLength: 20 }),
              from: OPTIONAL(DAY),
              to: OPTIONAL(DAY),
              keyword: { type: 'string', maxLength: MAX_KEYWORD_CHARS },
              cursor: { type: 'string', maxLength: 400 },
            },
          },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const q = request.query;
        const keyword = q.keyword?.trim() ?? '';
        const page = await deps.decisions.search(countyCode, {
          ...(q.agencyId ? { agencyId: q.agencyId } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.from ? { decidedFrom: chinaDayStart(q.from, 'from') } : {}),
          ...(q.to ? { decidedTo: chinaDayStart(q.to, 'to', true) } : {}),
          ...(keyword ? { keyword } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
        });
        const form = {
          ...(keyword ? { keyword } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.agencyId ? { agencyId: q.agencyId } : {}),
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
        };
        const next = page.nextCursor
          ? `/portal/counties/${countyCode}/decisions?${new URLSearchParams({ ...form, cursor: page.nextCursor }).toString()}`
          : undefined;
        const html = resultsPage(countyCode, form, await agenciesOf(countyCode), page.items, next);
        return reply.type(HTML).header('cache-control', 'public, max-age=30').send(html);
      },
    );

    app.get<{ Params: { countyCode: string; actId: string } }>(
      '/portal/counties/:countyCode/decisions/:actId',
      {
        schema: {
          summary: '一项公示的执法决定（页面）',
          params: { type: 'object', required: ['countyCode', 'actId'], properties: { ...countyParamsSchema.properties, actId: ID } },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { countyCode, actId } = request.params;
        const html = decisionPage(countyCode, await deps.decisions.get(countyCode, actId));
        return reply.type(HTML).header('cache-control', 'public, max-age=30').send(html);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { year: number } }>(
      '/portal/counties/:countyCode/statistics',
      {
        schema: {
          summary: '年度行政执法统计（页面，含图表）',
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
        const { countyCode } = request.params;
        const html = statisticsPage(countyCode, await deps.statistics.annual(countyCode, request.query.year));
        return reply.type(HTML).header('cache-control', 'public, max-age=300').send(html);
      },
    );

    app.get<{ Params: { countyCode: string; agencyId: string } }>(
      '/portal/counties/:countyCode/agencies/:agencyId',
      {
        schema: {
          summary: '执法主体公示七项（页面）',
          params: { type: 'object', required: ['countyCode', 'agencyId'], properties: { ...countyParamsSchema.properties, agencyId: ID } },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { countyCode, agencyId } = request.params;
        const items = await deps.queries.sevenItems(countyCode, agencyId, (id) => deps.decisions.countForAgency(countyCode, id));
        return reply.type(HTML).header('cache-control', 'public, max-age=60').send(agencyPage(countyCode, items));
      },
    );
  };
}
