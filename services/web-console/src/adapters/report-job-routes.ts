import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConflictError, isCountyCode } from '@lesp/core';
import type { CallContext } from '../application/calls.js';
import type { ReportJobs } from '../application/report-jobs.js';
import { reportWorkbook } from './report-xlsx.js';
import { body, idParams } from './route-schemas.js';

/** Report computation with progress: start a job, poll it, export its view as XLSX once done. */
export function registerReportJobRoutes(
  app: FastifyInstance,
  deps: { context: (request: FastifyRequest) => Promise<CallContext>; reportJobs: ReportJobs; api: object },
): void {
  const { context, reportJobs, api } = deps;
  app.post(
    '/api/report-jobs',
    {
      config: api,
      schema: {
        body: body([], {
          period: { type: 'string', enum: ['year', 'half', 'month'] },
          year: { type: 'integer', minimum: 2000, maximum: 2100 },
          month: { type: 'integer', minimum: 1, maximum: 12 },
          half: { type: 'integer', minimum: 1, maximum: 2 },
          counties: { type: 'array', maxItems: 40, items: { type: 'string', pattern: '^\\d{6}$' } },
        }),
      },
    },
    async (request, reply) => {
      const form = request.body as { period?: string; year?: number; month?: number; half?: number; counties?: string[] };
      const counties = (form.counties ?? []).filter(isCountyCode);
      return reply.status(202).send(await reportJobs.start(await context(request), { ...form, counties }));
    },
  );
  app.get('/api/report-jobs/:jobId', { config: api, schema: { params: idParams('jobId') } }, async (request) => {
    const ctx = await context(request);
    return reportJobs.view(await reportJobs.get(ctx, (request.params as { jobId: string }).jobId));
  });
  app.get('/api/report-jobs/:jobId/export.xlsx', { config: api, schema: { params: idParams('jobId') } }, async (request, reply) => {
    const ctx = await context(request);
    const job = await reportJobs.get(ctx, (request.params as { jobId: string }).jobId);
    const view = job.view;
    if (!view) throw new ConflictError('REPORT_NOT_READY', '报表尚未计算完成');
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header(
        'content-disposition',
        `attachment; filename="report.xlsx"; filename*=UTF-8''${encodeURIComponent(view.title || '统计报表')}.xlsx`,
      )
      .send(await reportWorkbook(view));
  });
}
