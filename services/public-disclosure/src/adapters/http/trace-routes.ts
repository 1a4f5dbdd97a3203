import type { FastifyInstance } from 'fastify';
import { countyParamsSchema } from '@lesp/service-bootstrap';
import type { InspectionTraces, PublicTraceView } from '../../application/inspection-traces.js';
import { escapeHtml, page } from './portal-pages.js';

const CODE = { type: 'string', pattern: '^[A-Z2-7]{26}$' } as const;
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const RATING = { type: 'integer', minimum: 1, maximum: 5 } as const;
const HTML = 'text/html; charset=utf-8';

function day(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);
}

/** The page the enterprise's scan opens: who came, when, why; a form to confirm and rate (works without script). */
export function tracePage(code: string, t: PublicTraceView, message = ''): string {
  const officers = t.officers.map((o) => `<li>${escapeHtml(o.name)}（执法证号 ${escapeHtml(o.certificateNumber)}）</li>`).join('');
  const form = t.confirmed
    ? '<p>本次检查已确认并评价，感谢您的反馈。</p>'
    : `<form method="post" action="/portal/trace/${escapeHtml(code)}"><fieldset><legend>确认本次检查并匿名评价（1 最差，5 最好）</legend>
${[5, 4, 3, 2, 1].map((r) => `<label><input type="radio" name="rating" value="${r}" required> ${r} 分</label>`).join('')}
</fieldset><button type="submit">确认并评价</button></form><p>评价匿名：执法单位无法得知评价来自哪家企业。</p>`;
  return page(
    '涉企检查扫码留痕',
    t.countyCode,
    `${message ? `<p class="notice" role="status">${escapeHtml(message)}</p>` : ''}<dl>
<dt>受检企业</dt><dd>${escapeHtml(t.enterpriseName)}</dd><dt>检查单位</dt><dd>${escapeHtml(t.agencyName)}</dd>
<dt>检查事由</dt><dd>${escapeHtml(t.title)}</dd><dt>检查时间</dt><dd>${escapeHtml(day(t.inspectedAt))}</dd></dl>
<h2>检查人员</h2><ul>${officers}</ul>${form}`,
  );
}

/**
 * Inspection traces (扫码留痕): the enterprise's page and API (public, rate limited; nothing of
 * the caller is recorded), and the owning agency's lookup of the code to hand over.
 */
export function traceRoutes(deps: { traces: InspectionTraces; ratePerMinute: number }) {
  const publicAccess = { access: { permission: 'public.read' }, rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } } as const;
  const codeParams = { type: 'object', required: ['code'], properties: { code: CODE } } as const;
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { code: string } }>(
      '/api/v1/public/inspection-traces/:code',
      { schema: { summary: '扫码留痕：本次涉企检查的检查单位、人员、时间和事由', params: codeParams }, config: publicAccess },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await deps.traces.publicView(request.params.code)),
    );

    app.post<{ Params: { code: string }; Body: { rating: number } }>(
      '/api/v1/public/inspection-traces/:code/confirmation',
      {
        schema: {
          summary: '企业确认本次检查并匿名评价（1–5 分，仅一次）',
          params: codeParams,
          body: { type: 'object', required: ['rating'], additionalProperties: false, properties: { rating: RATING } },
        },
        config: publicAccess,
      },
      async (request) => deps.traces.confirm(request.params.code, request.body.rating),
    );

    app.get<{ Params: { code: string } }>(
      '/portal/trace/:code',
      { schema: { summary: '扫码留痕（页面）', params: codeParams }, config: publicAccess },
      async (request, reply) => {
        const view = await deps.traces.publicView(request.params.code);
        return reply.type(HTML).header('cache-control', 'no-store').send(tracePage(request.params.code, view));
      },
    );

    // The page's form posts application/x-www-form-urlencoded: parsed in this scope only.
    await app.register(async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => {
        // Bodies are not coerced: a form's digits become the number the schema asks for.
        const fields = [...new URLSearchParams(String(body))].map(([k, v]) => [k, /^[0-9]{1,3}$/.test(v) ? Number(v) : v] as const);
        done(null, Object.fromEntries(fields));
      });
      scope.post<{ Params: { code: string }; Body: { rating: number } }>(
        '/portal/trace/:code',
        {
          schema: {
            summary: '扫码留痕：确认并评价（页面表单）',
            params: codeParams,
            body: { type: 'object', required: ['rating'], additionalProperties: false, properties: { rating: RATING } },
          },
          config: publicAccess,
        },
        async (request, reply) => {
          await deps.traces.confirm(request.params.code, request.body.rating);
          const view = await deps.traces.publicView(request.params.code);
          return reply
            .type(HTML)
            .header('cache-control', 'no-store')
            .send(tracePage(request.params.code, { ...view, confirmed: true }, '已确认，感谢您的评价。'));
        },
      );
    });

    app.get<{ Params: { countyCode: string; actId: string }; Querystring: { agencyId: string } }>(
      '/api/v1/counties/:countyCode/inspection-traces/:actId',
      {
        schema: {
          summary: '本单位某次涉企检查的留痕码（交企业扫码；不含评价）',
          params: { type: 'object', required: ['countyCode', 'actId'], properties: { ...countyParamsSchema.properties, actId: ID } },
          querystring: { type: 'object', required: ['agencyId'], additionalProperties: false, properties: { agencyId: ID } },
        },
        config: {
          access: {
            permission: 'disclosure.review',
            target: (request: { params: unknown; query: unknown }) => ({
              countyCodes: [(request.params as { countyCode: string }).countyCode],
              agencyId: (request.query as { agencyId: string }).agencyId,
            }),
          },
        },
      },
      async (request) => deps.traces.forAgency(request.params.countyCode, request.params.actId, request.query.agencyId),
    );
  };
}
