import type { FastifyInstance } from 'fastify';
import { countyParamsSchema } from '@lesp/service-bootstrap';
import type { PublicDigestQueries } from '../../application/public-digest-queries.js';
import { SEALING_SERVICES } from '../../application/projections/public-digests.js';
import { digestsPage } from './digest-pages.js';

const DAY = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 } as const;
const SERVICE = { type: 'string', enum: [...SEALING_SERVICES] } as const;
/** An empty form field means "any" on a page (browsers send every field of a GET form). */
const OPTIONAL = (schema: object) => ({ anyOf: [{ type: 'string', maxLength: 0 }, schema] });
const HTML = 'text/html; charset=utf-8';

interface DigestQuery {
  from?: string;
  to?: string;
  service?: string;
  limit?: number;
  cursor?: string;
}

/** The published daily digests (数据完整性日摘要): the JSON API and the portal's page. Public, rate limited. */
export function digestRoutes(deps: { digests: PublicDigestQueries; ratePerMinute: number }) {
  const publicAccess = { access: { permission: 'public.read' }, rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } } as const;
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { countyCode: string }; Querystring: DigestQuery }>(
      '/api/v1/public/counties/:countyCode/daily-digests',
      {
        schema: {
          summary: '数据完整性日摘要：各系统每天对本县当日入库记录计算并封存的默克尔树根（按入库日期，北京时间；最新日期在前，游标分页）',
          description:
            'Each digest is the RFC 6962 Merkle root (SHA-256) of the events the service recorded for the county that day, by recorded time (not occurred time), ' +
            'leaves = each event hash recomputed from its content as 64 hex characters, in (recordedAt, streamId, version) order; an empty day is SHA-256 of nothing. ' +
            'Recompute with `pnpm verify-digest`.',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              from: DAY,
              to: DAY,
              service: SERVICE,
              limit: { type: 'integer', minimum: 1, maximum: 200 },
              cursor: { type: 'string', maxLength: 200 },
            },
          },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { from, to, service, limit, cursor } = request.query;
        const page = await deps.digests.list(request.params.countyCode, {
          ...(from ? { fromDay: from } : {}),
          ...(to ? { toDay: to } : {}),
          ...(service ? { service } : {}),
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor ? { cursor } : {}),
        });
        // A sealed digest never changes; the list only grows once a day.
        return reply.header('cache-control', 'public, max-age=300').send({ digests: page.items, nextCursor: page.nextCursor });
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: DigestQuery }>(
      '/portal/counties/:countyCode/daily-digests',
      {
        schema: {
          summary: '数据完整性日摘要（页面）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              from: OPTIONAL(DAY),
              to: OPTIONAL(DAY),
              service: OPTIONAL(SERVICE),
              cursor: { type: 'string', maxLength: 200 },
            },
          },
        },
        config: publicAccess,
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const { from, to, service, cursor } = request.query;
        const form = { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(service ? { service } : {}) };
        const page = await deps.digests.list(countyCode, {
          ...(from ? { fromDay: from } : {}),
          ...(to ? { toDay: to } : {}),
          ...(service ? { service } : {}),
          ...(cursor ? { cursor } : {}),
        });
        const next = page.nextCursor
          ? `/portal/counties/${countyCode}/daily-digests?${new URLSearchParams({ ...form, cursor: page.nextCursor }).toString()}`
          : undefined;
        return reply
          .type(HTML)
          .header('cache-control', 'public, max-age=300')
          .send(digestsPage(countyCode, form, page.items, next));
      },
    );
  };
}
