import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, COUNTY_CODE_PATTERN, commandContext, countyParamsSchema, countyTarget, commandOptionsOf } from '@lesp/service-bootstrap';
import { ALERT_LEVEL_VALUES, ALERT_STATUS_VALUES } from '../../application/alerts/alert-queries.js';
import type { RuleEngineQueries } from '../../application/supervision-api.js';
import { NATIONAL_SCOPE } from '../../domain/calendar/calendar-decider.js';
import type { EngineParts } from '../../engine-module.js';
import { acceptedSchema } from './command-headers.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const TEXT = (max: number) => ({ type: 'string', maxLength: max }) as const;
const DAY = { type: 'string', maxLength: 10 } as const;
/** RFC 3339 with a full offset (a leap second or an hour-only offset passes `date-time` but is no JavaScript date). */
const DATE_TIME = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: ':[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$',
} as const;

const alertParams = {
  type: 'object',
  required: ['countyCode', 'alertId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, alertId: ID },
} as const;
/** A year as its four digits only (no coercion of "02026" or "2026.0"). */
const yearParams = {
  type: 'object',
  required: ['year'],
  properties: { year: { type: 'string', pattern: '^(20[0-9]{2}|2100)$' } },
} as const;
const quietDayParams = {
  type: 'object',
  required: ['countyCode', 'creditCode'],
  properties: {
    countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN },
    creditCode: { type: 'string', minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z]+$' },
  },
} as const;

const alertSchema = {
  type: 'object',
  properties: {
    alertId: { type: 'string' },
    countyCode: { type: 'string' },
    ruleId: { type: 'string' },
    ruleVersion: { type: 'integer' },
    packId: { type: 'string' },
    kind: { type: 'string' },
    level: { type: 'string' },
    status: { type: 'string' },
    agencyId: { type: 'string' },
    subjectType: { type: 'string' },
    subjectId: { type: 'string' },
    evidenceEventIds: { type: 'array', items: { type: 'string' } },
    title: { type: 'string' },
    message: { type: 'string' },
    dueAt: { type: 'string', format: 'date-time' },
    raisedAt: { type: 'string', format: 'date-time' },
    resolution: { type: 'string' },
    version: { type: 'integer' },
  },
} as const;

const bodyAgency = (request: FastifyRequest) => ({
  countyCodes: [(request.params as { countyCode: string }).countyCode],
  agencyId: (request.body as { agencyId?: string } | undefined)?.agencyId ?? '',
});

export interface RuleEngineRouteDeps {
  readonly engine: EngineParts;
  readonly ruleQueries: RuleEngineQueries;
  readonly clock: () => Date;
}

/** Alerts, rule packs, the working-day calendar and the registries, over HTTP. */
export function ruleEngineRoutes(deps: RuleEngineRouteDeps) {
  const { engine } = deps;
  const context = (request: FastifyRequest, countyCode: string) =>
    commandContext(actorOf(request.principal, countyCode), request.id, deps.clock());
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{
      Params: { countyCode: string };
      Querystring: { agencyId?: string; ruleId?: string; level?: string; status?: string; limit?: number; cursor?: string };
    }>(
      '/api/v1/counties/:countyCode/alerts',
      {
        schema: {
          summary: '预警列表（按执法主体、规则、级别、状态筛选）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              agencyId: ID,
              ruleId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' },
              level: { type: 'string', enum: [...ALERT_LEVEL_VALUES] },
              status: { type: 'string', enum: [...ALERT_STATUS_VALUES] },
              limit: { type: 'integer', minimum: 1, maximum: 200 },
              cursor: { type: 'string', maxLength: 400 },
            },
          },
          response: {
            200: { type: 'object', properties: { alerts: { type: 'array', items: alertSchema }, nextCursor: { type: 'string' } } },
          },
        },
        config: { access: { permission: 'supervision.alert.list', target: countyTarget } },
      },
      async (request) => {
        const { limit, cursor, ...filter } = request.query;
        const page = await engine.alertQueries.list(request.principal, request.params.countyCode, filter, {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor !== undefined ? { cursor } : {}),
        });
        return { alerts: page.items, nextCursor: page.nextCursor };
      },
    );

    app.get<{ Params: { countyCode: string; alertId: string } }>(
      '/api/v1/counties/:countyCode/alerts/:alertId',
      {
        schema: { summary: '预警详情', params: alertParams, response: { 200: alertSchema } },
        config: { access: { permission: 'supervision.alert.read', target: countyTarget } },
      },
      async (request, reply) => {
        const alert = await engine.alertQueries.get(request.principal, request.params.countyCode, request.params.alertId);
        return reply.header('etag', `"${alert.version}"`).send(alert);
      },
    );

    app.post<{ Params: { countyCode: string; alertId: string }; Body: { note?: string } }>(
      '/api/v1/counties/:countyCode/alerts/:alertId/acknowledgement',
      {
        schema: {
          summary: '签收预警',
          params: alertParams,
          body: { type: 'object', additionalProperties: false, properties: { note: TEXT(2000) } },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'supervision.alert.acknowledge', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, alertId } = request.params;
        return engine.alerts.acknowledge(
          request.principal,
          countyCode,
          alertId,
          request.body?.note ?? '',
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{ Params: { countyCode: string; alertId: string }; Body: { reason: string } }>(
      '/api/v1/counties/:countyCode/alerts/:alertId/dismissal',
      {
        schema: {
          summary: '驳回预警（须说明理由）',
          params: alertParams,
          body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: TEXT(2000) } },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'supervision.alert.dismiss', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, alertId } = request.params;
        return engine.alerts.dismiss(
          request.principal,
          countyCode,
          alertId,
          request.body.reason,
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.get(
      '/api/v1/supervision/rules',
      {
        schema: { summary: '规则目录（全部版本）与规则包' },
        config: { access: { permission: 'supervision.rule.read', target: () => ({ countyCodes: [] }) } },
      },
      async () => deps.ruleQueries.rules(),
    );

    app.get<{ Params: { countyCode: string } }>(
      '/api/v1/counties/:countyCode/rule-settings',
      {
        schema: { summary: '本县规则包设置', params: countyParamsSchema },
        config: { access: { permission: 'supervision.rule.read', target: countyTarget } },
      },
      async (request, reply) => {
        const settings = await deps.ruleQueries.settings(request.principal, request.params.countyCode);
        return reply.header('etag', `"${settings.version}"`).send(settings);
      },
    );

    app.post<{
      Params: { countyCode: string };
      Body: { packId: string; enabled: boolean; effectiveFrom: string; parameters?: { name: string; value: number }[] };
    }>(
      '/api/v1/counties/:countyCode/rule-settings',
      {
        schema: {
          summary: '启用/停用规则包并设置参数（自生效日期起适用）',
          params: countyParamsSchema,
          body: {
            type: 'object',
            required: ['packId', 'enabled', 'effectiveFrom'],
            additionalProperties: false,
            properties: {
              packId: { type: 'string', maxLength: 64 },
              enabled: { type: 'boolean' },
              effectiveFrom: DAY,
              parameters: {
                type: 'array',
                maxItems: 50,
                items: {
                  type: 'object',
                  required: ['name', 'value'],
                  additionalProperties: false,
                  properties: { name: { type: 'string', maxLength: 64 }, value: { type: 'number' } },
                },
              },
            },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'supervision.rule.configure', target: countyTarget } },
      },
      async (request) => {
        const { countyCode } = request.params;
        return engine.settings.configure(
          countyCode,
          { ...request.body, parameters: request.body.parameters ?? [] },
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.get<{ Params: { year: string } }>(
      '/api/v1/working-calendar/:year',
      {
        schema: { summary: '工作日历（节假日与调休上班日）', params: yearParams },
        config: { access: { permission: 'supervision.calendar.read', target: () => ({ countyCodes: [] }) } },
      },
      async (request, reply) => {
        const year = deps.ruleQueries.calendarYear(request.principal, Number(request.params.year));
        return reply.header('etag', `"${year.version}"`).send(year);
      },
    );

    app.post<{ Params: { year: string }; Body: { holidays: string[]; workdays: string[]; source: string; reason?: string } }>(
      '/api/v1/working-calendar/:year',
      {
        schema: {
          summary: '替换一年的工作日历（已在运行的期限随之调整）',
          params: yearParams,
          body: {
            type: 'object',
            required: ['holidays', 'workdays', 'source'],
            additionalProperties: false,
            properties: {
              holidays: { type: 'array', maxItems: 366, items: DAY },
              workdays: { type: 'array', maxItems: 366, items: DAY },
              source: TEXT(200),
              reason: TEXT(2000),
            },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'supervision.calendar.change', target: () => ({ countyCodes: [] }) } },
      },
      async (request) =>
        engine.calendar.replace(
          { year: Number(request.params.year), ...request.body, reason: request.body.reason ?? '' },
          context(request, NATIONAL_SCOPE),
          commandOptionsOf(request),
        ),
    );

    app.post<{
      Params: { countyCode: string };
      Body: {
        agencyId: string;
        enterpriseCreditCode: string;
        enterpriseName: string;
        plannedFrom: string;
        plannedTo: string;
        purpose?: string;
      };
    }>(
      '/api/v1/counties/:countyCode/inspection-filings',
      {
        schema: {
          summary: '涉企检查备案（检查前）',
          params: countyParamsSchema,
          body: {
            type: 'object',
            required: ['agencyId', 'enterpriseCreditCode', 'enterpriseName', 'plannedFrom', 'plannedTo'],
            additionalProperties: false,
            properties: {
              agencyId: ID,
              enterpriseCreditCode: TEXT(32),
              enterpriseName: TEXT(200),
              plannedFrom: DATE_TIME,
              plannedTo: DATE_TIME,
              purpose: TEXT(2000),
            },
          },
          response: { 201: acceptedSchema },
        },
        config: { access: { permission: 'supervision.inspection.file', target: bodyAgency } },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const body = request.body;
        const outcome = await engine.registry.fileInspection(
          request.principal,
          countyCode,
          { ...body, plannedFrom: new Date(body.plannedFrom), plannedTo: new Date(body.plannedTo), purpose: body.purpose ?? '' },
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );

    app.post<{
      Params: { countyCode: string; creditCode: string };
      Body: { enterpriseName: string; daysOfMonth: number[]; reason?: string };
    }>(
      '/api/v1/counties/:countyCode/enterprises/:creditCode/quiet-days',
      {
        schema: {
          summary: '设置企业宁静日（每月的日期）',
          params: quietDayParams,
          body: {
            type: 'object',
            required: ['enterpriseName', 'daysOfMonth'],
            additionalProperties: false,
            properties: {
              enterpriseName: TEXT(200),
              daysOfMonth: { type: 'array', maxItems: 31, items: { type: 'integer' } },
              reason: TEXT(2000),
            },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: { permission: 'supervision.quiet_days.set', target: countyTarget } },
      },
      async (request) => {
        const { countyCode, creditCode } = request.params;
        return engine.registry.setQuietDays(
          countyCode,
          { enterpriseCreditCode: creditCode, ...request.body, reason: request.body.reason ?? '' },
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{ Params: { countyCode: string }; Body: { agencyId: string; period: string; explanation: string } }>(
      '/api/v1/counties/:countyCode/zero-enforcement-explanations',
      {
        schema: {
          summary: '零执法情况说明',
          params: countyParamsSchema,
          body: {
            type: 'object',
            required: ['agencyId', 'period', 'explanation'],
            additionalProperties: false,
            properties: { agencyId: ID, period: { type: 'string', maxLength: 10 }, explanation: TEXT(2000) },
          },
          response: { 201: acceptedSchema },
        },
        config: { access: { permission: 'supervision.zero_enforcement.explain', target: bodyAgency } },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const outcome = await engine.registry.explainZeroEnforcement(
          request.principal,
          countyCode,
          request.body,
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );
  };
}
