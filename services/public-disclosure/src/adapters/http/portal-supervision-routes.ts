import type { FastifyInstance, FastifyReply } from 'fastify';
import { countyParamsSchema } from '@lesp/service-bootstrap';
import type { PublicAgencyQueries } from '../../application/public-agency-queries.js';
import type { PublicSupervisionQueries } from '../../application/public-supervision-queries.js';
import { chinaYear } from '../../application/projections/act-disclosure-process.js';
import {
  caseFileReviewPage,
  caseFileReviewsPage,
  evaluationsPage,
  inspectionPage,
  inspectionsPage,
  rectificationsPage,
  type AgencyNames,
} from './portal-supervision-pages.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
/** A year from a form field; empty means "any" (or the default), as browsers send every field. */
const YEAR = {
  anyOf: [
    { type: 'string', maxLength: 0 },
    { type: 'string', pattern: '^(20[0-9]{2}|2100)$' },
  ],
} as const;
const OPTIONAL_ID = { anyOf: [{ type: 'string', maxLength: 0 }, ID] } as const;
const CURSOR = { type: 'string', maxLength: 400 } as const;
const HTML = 'text/html; charset=utf-8';

const withId = (name: string) => ({
  type: 'object',
  required: ['countyCode', name],
  properties: { ...countyParamsSchema.properties, [name]: ID },
});

/** The portal's pages of what supervision published; the same queries as the public JSON routes. */
export function portalSupervisionRoutes(deps: {
  queries: PublicAgencyQueries;
  supervision: PublicSupervisionQueries;
  ratePerMinute: number;
}) {
  const publicAccess = { access: { permission: 'public.read' }, rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } } as const;
  const agenciesOf = async (countyCode: string): Promise<AgencyNames> =>
    new Map((await deps.queries.list(countyCode, { limit: 200 })).items.map((a) => [a.agencyId, a.name] as const));
  const send = (reply: FastifyReply, html: string) => reply.type(HTML).header('cache-control', 'public, max-age=60').send(html);
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { countyCode: string }; Querystring: { year?: string; cursor?: string } }>(
      '/portal/counties/:countyCode/random-inspections',
      {
        schema: {
          summary: '双随机抽查任务及结果（页面）',
          params: countyParamsSchema,
          querystring: { type: 'object', additionalProperties: false, properties: { year: YEAR, cursor: CURSOR } },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const year = request.query.year ? Number(request.query.year) : undefined;
        const page = await deps.supervision.inspections(countyCode, year, {
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        });
        const nextHref = page.nextCursor
          ? `/portal/counties/${countyCode}/random-inspections?${new URLSearchParams({ ...(year ? { year: String(year) } : {}), cursor: page.nextCursor }).toString()}`
          : undefined;
        return send(reply, inspectionsPage(countyCode, year, page.items, await agenciesOf(countyCode), nextHref));
      },
    );

    app.get<{ Params: { countyCode: string; planId: string } }>(
      '/portal/counties/:countyCode/random-inspections/:planId',
      { schema: { summary: '一项抽查任务及其结果（页面）', params: withId('planId') }, config: publicAccess },
      async (request, reply) => {
        const { countyCode, planId } = request.params;
        const inspection = await deps.supervision.inspection(countyCode, planId);
        return send(reply, inspectionPage(countyCode, inspection, await agenciesOf(countyCode)));
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { agencyId?: string; cursor?: string } }>(
      '/portal/counties/:countyCode/rectifications',
      {
        schema: {
          summary: '整改落实情况（页面）',
          params: countyParamsSchema,
          querystring: { type: 'object', additionalProperties: false, properties: { agencyId: OPTIONAL_ID, cursor: CURSOR } },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const agencyId = request.query.agencyId ?? '';
        const page = await deps.supervision.rectifications(countyCode, agencyId, {
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        });
        const nextHref = page.nextCursor
          ? `/portal/counties/${countyCode}/rectifications?${new URLSearchParams({ ...(agencyId ? { agencyId } : {}), cursor: page.nextCursor }).toString()}`
          : undefined;
        return send(reply, rectificationsPage(countyCode, agencyId, page.items, await agenciesOf(countyCode), nextHref));
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { year?: string } }>(
      '/portal/counties/:countyCode/evaluations',
      {
        schema: {
          summary: '执法监督评议结果（页面；不填年度为上一年度）',
          params: countyParamsSchema,
          querystring: { type: 'object', additionalProperties: false, properties: { year: YEAR } },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        // A year's evaluations are published after it ends: the last completed year by default.
        const year = request.query.year ? Number(request.query.year) : chinaYear(new Date()) - 1;
        const ranked = await deps.supervision.rankedEvaluations(countyCode, year);
        return send(reply, evaluationsPage(countyCode, year, ranked, await agenciesOf(countyCode)));
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { cursor?: string } }>(
      '/portal/counties/:countyCode/case-file-reviews',
      {
        schema: {
          summary: '案卷评查通报（页面）',
          params: countyParamsSchema,
          querystring: { type: 'object', additionalProperties: false, properties: { cursor: CURSOR } },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const page = await deps.supervision.caseFileReviews(countyCode, {
          ...(request.query.cursor ? { cursor: request.query.cursor } : {}),
        });
        const nextHref = page.nextCursor
          ? `/portal/counties/${countyCode}/case-file-reviews?${new URLSearchParams({ cursor: page.nextCursor }).toString()}`
          : undefined;
        return send(reply, caseFileReviewsPage(countyCode, page.items, nextHref));
      },
    );

    app.get<{ Params: { countyCode: string; reviewId: string } }>(
      '/portal/counties/:countyCode/case-file-reviews/:reviewId',
      { schema: { summary: '一期案卷评查通报（页面）', params: withId('reviewId') }, config: publicAccess },
      async (request, reply) => {
        const { countyCode, reviewId } = request.params;
        const review = await deps.supervision.caseFileReview(countyCode, reviewId);
        return send(reply, caseFileReviewPage(countyCode, review, await agenciesOf(countyCode)));
      },
    );
  };
}
