import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { COUNTY_CODE_PATTERN, countyParamsSchema, countyTarget } from '@lesp/service-bootstrap';
import type { ReportRequest, StatisticsQueries } from '../../application/statistics/statistics-queries.js';
import type { StatisticsReport } from '../../domain/statistics/index.js';
import { renderStatisticsHtml } from '../../reports/statistics-html.js';
import { statisticsView } from '../../reports/statistics-view.js';
import { renderStatisticsXlsx } from '../../reports/statistics-xlsx.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
/** RFC 3339 with a full offset. */
const DATE_TIME = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: ':[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$',
} as const;

/** period=month|half|year, year, month (1–12) or half (1–2), asOf, format json|xlsx|html, name. */
const reportQuery = {
  type: 'object',
  required: ['period', 'year'],
  additionalProperties: false,
  properties: {
    period: { type: 'string', enum: ['month', 'half', 'year'] },
    year: { type: 'integer', minimum: 1990, maximum: 2200 },
    month: { type: 'integer', minimum: 1, maximum: 12 },
    half: { type: 'integer', enum: [1, 2] },
    asOf: DATE_TIME,
    format: { type: 'string', enum: ['json', 'xlsx', 'html'] },
    name: { type: 'string', minLength: 1, maxLength: 50 },
  },
} as const;

interface ReportQuery {
  period: string;
  year: number;
  month?: number;
  half?: number;
  asOf?: string;
  format?: 'json' | 'xlsx' | 'html';
  name?: string;
}

const figureSchema = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    label: { type: 'string' },
    text: { type: 'string' },
    value: { type: ['number', 'null'] },
    unit: { type: 'string' },
  },
} as const;
/** The JSON view; XLSX and HTML are answered as their own types. */
const viewSchema = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    scopeName: { type: 'string' },
    periodLabel: { type: 'string' },
    dateRange: { type: 'string' },
    asOf: { type: 'string' },
    sentences: { type: 'array', items: { type: 'string' } },
    sections: {
      type: 'array',
      items: { type: 'object', properties: { title: { type: 'string' }, figures: { type: 'array', items: figureSchema } } },
    },
    units: {
      type: 'array',
      items: {
        type: 'object',
        properties: { unitId: { type: 'string' }, name: { type: 'string' }, figures: { type: 'array', items: figureSchema } },
      },
    },
  },
} as const;

function requestOf(query: ReportQuery): ReportRequest {
  return {
    period: {
      kind: query.period,
      year: query.year,
      ...(query.month !== undefined ? { month: query.month } : {}),
      ...(query.half !== undefined ? { half: query.half } : {}),
    },
    ...(query.asOf !== undefined ? { asOf: new Date(query.asOf) } : {}),
    ...(query.name !== undefined ? { name: query.name } : {}),
  };
}

/** ASCII file name (the scope code and period), so no header needs encoding. */
function fileName(report: StatisticsReport, code: string): string {
  const p = report.period;
  const period =
    p.kind === 'year' ? `${p.year}` : p.kind === 'half' ? `${p.year}-H${p.half}` : `${p.year}-${String(p.month).padStart(2, '0')}`;
  return `statistics-${code}-${period}.xlsx`;
}

async function send(reply: FastifyReply, report: StatisticsReport, format: ReportQuery['format'], code: string) {
  switch (format ?? 'json') {
    case 'xlsx':
      return reply
        .header('content-type', XLSX_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="${fileName(report, code)}"`)
        .send(Buffer.from(await renderStatisticsXlsx(report)));
    case 'html':
      return reply.header('content-type', 'text/html; charset=utf-8').send(renderStatisticsHtml(report));
    default:
      return reply.send(statisticsView(report));
  }
}

export interface StatisticsRouteDeps {
  readonly queries: StatisticsQueries;
}

const summary = (who: string) => `${who}统计报表（月报/半年报/年报，截至 asOf；format=json|xlsx|html）`;

/** Statistics reports over HTTP: a county's, an agency's, a city's roll-up. */
export function statisticsRoutes(deps: StatisticsRouteDeps) {
  const { queries } = deps;
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Params: { countyCode: string }; Querystring: ReportQuery }>(
      '/api/v1/counties/:countyCode/statistics',
      {
        schema: { summary: summary('本县（区）'), params: countyParamsSchema, querystring: reportQuery, response: { 200: viewSchema } },
        config: { access: { permission: 'supervision.statistics.county', target: countyTarget } },
      },
      async (request, reply) => {
        const report = await queries.county(request.principal, request.params.countyCode, requestOf(request.query));
        return send(reply, report, request.query.format, request.params.countyCode);
      },
    );

    app.get<{ Params: { countyCode: string; agencyId: string }; Querystring: ReportQuery }>(
      '/api/v1/counties/:countyCode/agencies/:agencyId/statistics',
      {
        schema: {
          summary: summary('执法单位'),
          params: {
            type: 'object',
            required: ['countyCode', 'agencyId'],
            properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, agencyId: ID },
          },
          querystring: reportQuery,
          response: { 200: viewSchema },
        },
        config: {
          access: {
            permission: 'supervision.statistics.agency',
            target: (request: FastifyRequest) => {
              const params = request.params as { countyCode: string; agencyId: string };
              return { countyCodes: [params.countyCode], agencyId: params.agencyId };
            },
          },
        },
      },
      async (request, reply) => {
        const { countyCode, agencyId } = request.params;
        const report = await queries.agency(request.principal, countyCode, agencyId, requestOf(request.query));
        return send(reply, report, request.query.format, `${countyCode}-${agencyId}`);
      },
    );

    app.get<{ Params: { regionCode: string }; Querystring: ReportQuery & { counties?: string } }>(
      '/api/v1/regions/:regionCode/statistics',
      {
        schema: {
          summary: summary('市级汇总'),
          params: {
            type: 'object',
            required: ['regionCode'],
            properties: { regionCode: { type: 'string', pattern: '^[1-8][0-9]{3}$' } },
          },
          querystring: {
            ...reportQuery,
            properties: {
              ...reportQuery.properties,
              counties: { type: 'string', minLength: 6, maxLength: 400, pattern: '^[1-8][0-9]{5}(,[1-8][0-9]{5})*$' },
            },
          },
          response: { 200: viewSchema },
        },
        config: {
          access: {
            permission: 'supervision.statistics.city',
            // The city itself (its code + "00") and each county named: a regional viewer of the city or its province.
            target: (request: FastifyRequest) => {
              const { regionCode } = request.params as { regionCode: string };
              const { counties } = request.query as { counties?: string };
              return { countyCodes: [`${regionCode}00`, ...(counties ? counties.split(',') : [])] };
            },
          },
        },
      },
      async (request, reply) => {
        const { counties, ...query } = request.query;
        const report = await queries.city(
          request.principal,
          request.params.regionCode,
          counties ? counties.split(',') : [],
          requestOf(query),
        );
        return send(reply, report, query.format, request.params.regionCode);
      },
    );
  };
}
