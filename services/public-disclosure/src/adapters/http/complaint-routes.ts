import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '@lesp/core';
import { CORRELATION_HEADER, correlationIdFrom, countyParamsSchema } from '@lesp/service-bootstrap';
import { COMPLAINT_LIMITS, type ComplaintForm, type ComplaintForwarding } from '../../application/complaint-forwarding.js';
import { day, escapeHtml, page } from './portal-pages.js';
import type { ComplaintStatusQueries } from '../../application/complaint-status-queries.js';

const HTML = 'text/html; charset=utf-8';
const TRACKING = { type: 'string', minLength: 12, maxLength: 20, pattern: '^[A-Za-z0-9-]+$' } as const;
const formFields = {
  subject: { type: 'string', maxLength: COMPLAINT_LIMITS.subject * 4 },
  summary: { type: 'string', maxLength: COMPLAINT_LIMITS.summary * 4 },
  name: { type: 'string', maxLength: COMPLAINT_LIMITS.name * 4 },
  phone: { type: 'string', maxLength: 32 },
  // Honeypot: hidden from people, filled by bots.
  website: { type: 'string', maxLength: 200 },
} as const;
const STATUS: Record<string, string> = {
  received: '已受理',
  assigned: '已转办',
  in_handling: '办理中',
  answered: '已答复',
  closed: '已办结',
  rejected: '不予受理',
};

function formPage(
  countyCode: string,
  available: boolean,
  values: Partial<ComplaintForm> = {},
  errors: Record<string, string> = {},
): string {
  if (!available) return page('投诉举报', countyCode, '<p>在线投诉举报暂不可用，请拨打 12345 热线。</p>');
  const field = (name: keyof ComplaintForm, label: string, input: string) =>
    `<label for="${name}">${label}${input}${errors[name] ? `<span class="notice" role="alert" id="${name}-error">${escapeHtml(errors[name])}</span>` : ''}</label>`;
  const invalid = (name: string) => (errors[name] ? ` aria-invalid="true" aria-describedby="${name}-error"` : '');
  return page(
    '投诉举报',
    countyCode,
    `<p>对行政执法行为的投诉举报将转交执法监督机构办理，提交后您会得到查询码，可随时查询办理进度。姓名和电话可不填（匿名投诉将无法回访）。</p>
<form method="post" action="/portal/counties/${escapeHtml(countyCode)}/complaints" style="grid-template-columns:1fr">
${field('subject', '投诉举报事项（必填）', `<input id="subject" name="subject" required maxlength="${COMPLAINT_LIMITS.subject}" value="${escapeHtml(values.subject)}"${invalid('subject')}>`)}
${field('summary', '具体情况（必填）', `<textarea id="summary" name="summary" required rows="6" maxlength="${COMPLAINT_LIMITS.summary}"${invalid('summary')}>${escapeHtml(values.summary)}</textarea>`)}
${field('name', '姓名', `<input id="name" name="name" maxlength="${COMPLAINT_LIMITS.name}" autocomplete="name" value="${escapeHtml(values.name)}"${invalid('name')}>`)}
${field('phone', '联系电话', `<input id="phone" name="phone" type="tel" autocomplete="tel" value="${escapeHtml(values.phone)}"${invalid('phone')}>`)}
<div aria-hidden="true" style="position:absolute;left:-10000px"><label for="website">网址</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">提交</button></form>`,
  );
}

/**
 * The complaint form (投诉举报): validated here with messages on each field, throttled per client
 * (COMPLAINT_RATE_LIMIT_PER_MINUTE) and guarded by a honeypot, then handed to case intake, which
 * gives the tracking number; the status page asks case intake by that number.
 */
export function complaintRoutes(deps: {
  complaints: ComplaintForwarding;
  complaintStatus: ComplaintStatusQueries;
  ratePerMinute: number;
  complaintsPerMinute: number;
}) {
  const read = { access: { permission: 'public.read' }, rateLimit: { max: deps.ratePerMinute, timeWindow: 60_000 } } as const;
  const file = { access: { permission: 'public.read' }, rateLimit: { max: deps.complaintsPerMinute, timeWindow: 60_000 } } as const;
  const correlation = (request: FastifyRequest) => correlationIdFrom(request.headers[CORRELATION_HEADER]);
  const bodySchema = { type: 'object', required: ['subject', 'summary'], additionalProperties: false, properties: formFields } as const;
  type Body = ComplaintForm & { website?: string };
  const checkHoneypot = (body: Body) => {
    if ((body.website ?? '') !== '') throw ValidationError.of('website', 'SUBMISSION_REFUSED', '提交未被接受');
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{ Params: { countyCode: string }; Body: Body }>(
      '/api/v1/public/counties/:countyCode/complaints',
      { schema: { summary: '提交投诉举报（转交执法信息归集，返回查询码）', params: countyParamsSchema, body: bodySchema }, config: file },
      async (request, reply) => {
        checkHoneypot(request.body);
        const receipt = await deps.complaints.submit(request.params.countyCode, request.body, correlation(request));
        return reply.status(201).header('cache-control', 'no-store').send(receipt);
      },
    );

    app.get<{ Params: { countyCode: string } }>(
      '/portal/counties/:countyCode/complaints/new',
      { schema: { summary: '投诉举报表单（页面）', params: countyParamsSchema }, config: read },
      async (request, reply) =>
        reply.type(HTML).header('cache-control', 'no-store').send(formPage(request.params.countyCode, deps.complaints.available)),
    );

    await app.register(async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 32_768 }, (_request, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      });
      scope.post<{ Params: { countyCode: string }; Body: Body }>(
        '/portal/counties/:countyCode/complaints',
        { schema: { summary: '提交投诉举报（页面表单）', params: countyParamsSchema, body: bodySchema }, config: file },
        async (request, reply) => {
          const { countyCode } = request.params;
          checkHoneypot(request.body);
          try {
            const receipt = await deps.complaints.submit(countyCode, request.body, correlation(request));
            const html = page(
              '投诉举报已提交',
              countyCode,
              `<p role="status">您的投诉举报已提交。查询码：<strong>${escapeHtml(receipt.trackingNumber)}</strong>，请妥善保存。</p>
<p><a href="/portal/complaints/${encodeURIComponent(receipt.trackingNumber)}">查询办理进度</a></p>`,
            );
            return await reply.status(201).type(HTML).header('cache-control', 'no-store').send(html);
          } catch (error) {
            // A browser's form gets the form again with the messages at the fields; any other client the JSON error.
            const fromForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
            if (!(error instanceof ValidationError) || !fromForm) throw error;
            const errors = Object.fromEntries(error.violations.map((v) => [v.field.replace(/^complainant\./, ''), v.message]));
            return reply
              .status(400)
              .type(HTML)
              .header('cache-control', 'no-store')
              .send(formPage(countyCode, true, request.body, errors));
          }
        },
      );
    });

    app.get<{ Params: { trackingNumber: string } }>(
      '/portal/complaints/:trackingNumber',
      {
        schema: {
          summary: '投诉举报办理进度（页面）',
          params: { type: 'object', required: ['trackingNumber'], properties: { trackingNumber: TRACKING } },
        },
        config: read,
      },
      async (request, reply) => {
        const status = await deps.complaintStatus.byTrackingNumber(request.params.trackingNumber);
        const html = page(
          '投诉举报办理进度',
          status.countyCode,
          `<dl><dt>查询码</dt><dd>${escapeHtml(status.trackingNumber)}</dd><dt>状态</dt><dd>${escapeHtml(STATUS[status.status] ?? status.status)}</dd>
<dt>受理日期</dt><dd>${day(status.receivedAt)}</dd>${status.answeredAt ? `<dt>答复日期</dt><dd>${day(status.answeredAt)}</dd><dt>答复</dt><dd>${escapeHtml(status.answer)}</dd>` : ''}</dl>`,
        );
        return reply.type(HTML).header('cache-control', 'no-store').send(html);
      },
    );
  };
}
