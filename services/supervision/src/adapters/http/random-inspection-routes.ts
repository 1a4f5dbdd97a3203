import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, COUNTY_CODE_PATTERN, commandContext, countyParamsSchema, countyTarget, commandOptionsOf } from '@lesp/service-bootstrap';
import type { RandomInspectionCommands } from '../../application/random-inspection/inspection-commands.js';
import type { RandomInspectionQueries } from '../../application/random-inspection/inspection-queries.js';
import type { TargetKind } from '../../application/random-inspection/target-registry.js';
import {
  INSPECTION_OUTCOMES,
  type InspectionOutcome,
  type RecusalRule,
  type TargetDrawSize,
} from '../../domain/random-inspection/index.js';
import { acceptedSchema } from './command-headers.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const TEXT = (max: number) => ({ type: 'string', maxLength: max }) as const;
const DATE_TIME = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: ':[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$',
} as const;
const SEED = { type: 'integer', minimum: 0, maximum: 4294967295 } as const;
const planParams = {
  type: 'object',
  required: ['countyCode', 'planId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, planId: ID },
} as const;
const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200 },
  cursor: { type: 'string', maxLength: 400 },
} as const;
const seedBody = { type: 'object', additionalProperties: false, properties: { seed: SEED } } as const;

export interface RandomInspectionRouteDeps {
  readonly commands: RandomInspectionCommands;
  readonly queries: RandomInspectionQueries;
  readonly clock: () => Date;
}

/** Random inspections (双随机、一公开) over HTTP, under /api/v1/counties/:county. */
export function randomInspectionRoutes(deps: RandomInspectionRouteDeps) {
  const { commands, queries } = deps;
  const context = (request: FastifyRequest, countyCode: string) =>
    commandContext(actorOf(request.principal, countyCode), request.id, deps.clock());
  const manage = { permission: 'supervision.random_inspection.manage', target: countyTarget } as const;
  const read = { permission: 'supervision.random_inspection.read', target: countyTarget } as const;
  const base = '/api/v1/counties/:countyCode';
  const plan = `${base}/random-inspections/:planId`;
  return async (app: FastifyInstance): Promise<void> => {
    app.post<{
      Params: { countyCode: string };
      Body: { targetId?: string; name: string; kind: TargetKind; creditCode?: string; unitAgencyId?: string };
    }>(
      `${base}/inspection-targets`,
      {
        schema: {
          summary: '检查对象名录库：登记检查对象（企业名称、统一社会信用代码、所属单位）',
          params: countyParamsSchema,
          body: {
            type: 'object',
            required: ['name', 'kind'],
            additionalProperties: false,
            properties: {
              targetId: ID,
              name: TEXT(200),
              kind: { type: 'string', enum: ['enterprise', 'individual', 'institution'] },
              creditCode: TEXT(32),
              unitAgencyId: ID,
            },
          },
          response: { 201: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const b = request.body;
        const outcome = await commands.registerTarget(
          request.principal,
          countyCode,
          {
            ...(b.targetId ? { targetId: b.targetId } : {}),
            name: b.name,
            kind: b.kind,
            creditCode: b.creditCode ?? '',
            ...(b.unitAgencyId ? { unitAgencyId: b.unitAgencyId } : {}),
          },
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { limit?: number; cursor?: string } }>(
      `${base}/inspection-targets`,
      {
        schema: {
          summary: '检查对象名录库',
          params: countyParamsSchema,
          querystring: { type: 'object', additionalProperties: false, properties: pageQuery },
        },
        config: { access: read },
      },
      async (request) => {
        const { limit, cursor } = request.query;
        const page = await queries.targets(request.principal, request.params.countyCode, {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor !== undefined ? { cursor } : {}),
        });
        return { targets: page.items, nextCursor: page.nextCursor };
      },
    );

    app.post<{
      Params: { countyCode: string };
      Body: {
        planId?: string;
        title: string;
        year: number;
        leadAgencyId: string;
        agencyIds: string[];
        matters: string[];
        targetDraw: { kind: 'count' | 'share'; count?: number; share?: number };
        inspectorsPerTarget: number;
        officersPerAgency?: number;
        recusal: RecusalRule;
        period: { from: string; to: string };
      };
    }>(
      `${base}/random-inspections`,
      {
        schema: {
          summary: '制定双随机抽查任务（本部门或跨部门联合）',
          params: countyParamsSchema,
          body: {
            type: 'object',
            required: ['title', 'year', 'leadAgencyId', 'agencyIds', 'matters', 'targetDraw', 'inspectorsPerTarget', 'recusal', 'period'],
            additionalProperties: false,
            properties: {
              planId: ID,
              title: TEXT(200),
              year: { type: 'integer', minimum: 2000, maximum: 2100 },
              leadAgencyId: ID,
              agencyIds: { type: 'array', maxItems: 50, items: ID },
              matters: { type: 'array', maxItems: 50, items: TEXT(200) },
              targetDraw: {
                type: 'object',
                required: ['kind'],
                additionalProperties: false,
                properties: {
                  kind: { type: 'string', enum: ['count', 'share'] },
                  count: { type: 'integer', minimum: 0, maximum: 100000 },
                  share: { type: 'number', minimum: 0, maximum: 1 },
                },
              },
              inspectorsPerTarget: { type: 'integer', minimum: 0, maximum: 100 },
              officersPerAgency: { type: 'integer', minimum: 0, maximum: 100 },
              recusal: { type: 'string', enum: ['own_unit', 'none'] },
              period: {
                type: 'object',
                required: ['from', 'to'],
                additionalProperties: false,
                properties: { from: DATE_TIME, to: DATE_TIME },
              },
            },
          },
          response: { 201: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request, reply) => {
        const { countyCode } = request.params;
        const b = request.body;
        const targetDraw: TargetDrawSize =
          b.targetDraw.kind === 'share'
            ? { kind: 'share', share: b.targetDraw.share ?? 0 }
            : { kind: 'count', count: b.targetDraw.count ?? 0 };
        const outcome = await commands.plan(
          request.principal,
          countyCode,
          {
            ...(b.planId ? { planId: b.planId } : {}),
            title: b.title,
            year: b.year,
            leadAgencyId: b.leadAgencyId,
            agencyIds: b.agencyIds,
            matters: b.matters,
            targetDraw,
            inspectorsPerTarget: b.inspectorsPerTarget,
            ...(b.officersPerAgency !== undefined ? { officersPerAgency: b.officersPerAgency } : {}),
            recusal: b.recusal,
            period: { from: new Date(b.period.from), to: new Date(b.period.to) },
          },
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { year?: number; limit?: number; cursor?: string } }>(
      `${base}/random-inspections`,
      {
        schema: {
          summary: '双随机抽查任务列表（含完成率、公示率）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 }, ...pageQuery },
          },
        },
        config: { access: read },
      },
      async (request) => {
        const { year, limit, cursor } = request.query;
        const page = await queries.list(request.principal, request.params.countyCode, year, {
          ...(limit !== undefined ? { limit } : {}),
          ...(cursor !== undefined ? { cursor } : {}),
        });
        return { plans: page.items, nextCursor: page.nextCursor };
      },
    );

    app.get<{ Params: { countyCode: string }; Querystring: { year: number } }>(
      `${base}/random-inspection-figures`,
      {
        schema: {
          summary: '双随机抽查年度数据（任务数、跨部门占比、完成率、公示率）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            required: ['year'],
            additionalProperties: false,
            properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } },
          },
        },
        config: { access: read },
      },
      async (request) => queries.figures(request.principal, request.params.countyCode, request.query.year),
    );

    app.get<{ Params: { countyCode: string; planId: string } }>(
      plan,
      {
        schema: { summary: '双随机抽查任务详情（抽取记录、检查组、回避、结果、完成率与公示率）', params: planParams },
        config: { access: read },
      },
      async (request, reply) => {
        const view = await queries.get(request.principal, request.params.countyCode, request.params.planId);
        return reply.header('etag', `"${view.version}"`).send(view);
      },
    );

    app.post<{ Params: { countyCode: string; planId: string } }>(
      `${plan}/publication`,
      {
        schema: { summary: '公示抽查计划', params: planParams, response: { 200: acceptedSchema } },
        config: { access: manage },
      },
      async (request) => {
        const { countyCode, planId } = request.params;
        return commands.publishPlan(request.principal, countyCode, planId, context(request, countyCode), commandOptionsOf(request));
      },
    );

    app.post<{ Params: { countyCode: string; planId: string }; Body: { seed?: number } }>(
      `${plan}/target-draws`,
      {
        schema: {
          summary: '随机抽取检查对象（可指定种子；不指定时随机生成并记录）',
          params: planParams,
          body: seedBody,
          response: { 201: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request, reply) => {
        const { countyCode, planId } = request.params;
        const outcome = await commands.drawTargets(
          request.principal,
          countyCode,
          planId,
          request.body?.seed,
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );

    app.post<{ Params: { countyCode: string; planId: string }; Body: { seed?: number } }>(
      `${plan}/inspector-draws`,
      {
        schema: { summary: '随机选派执法检查人员（持证、回避）', params: planParams, body: seedBody, response: { 201: acceptedSchema } },
        config: { access: manage },
      },
      async (request, reply) => {
        const { countyCode, planId } = request.params;
        const outcome = await commands.drawInspectors(
          request.principal,
          countyCode,
          planId,
          request.body?.seed,
          context(request, countyCode),
          commandOptionsOf(request),
        );
        return reply.status(201).send(outcome);
      },
    );

    app.post<{
      Params: { countyCode: string; planId: string };
      Body: { targetId: string; inspectorIds: string[]; outcome: InspectionOutcome; findings?: string; inspectedAt: string };
    }>(
      `${plan}/results`,
      {
        schema: {
          summary: '录入抽查结果',
          params: planParams,
          body: {
            type: 'object',
            required: ['targetId', 'inspectorIds', 'outcome', 'inspectedAt'],
            additionalProperties: false,
            properties: {
              targetId: ID,
              inspectorIds: { type: 'array', maxItems: 20, items: ID },
              outcome: { type: 'string', enum: Object.keys(INSPECTION_OUTCOMES) },
              findings: TEXT(4000),
              inspectedAt: DATE_TIME,
            },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request) => {
        const { countyCode, planId } = request.params;
        const b = request.body;
        return commands.recordResult(
          request.principal,
          countyCode,
          planId,
          {
            targetId: b.targetId,
            inspectorIds: b.inspectorIds,
            outcome: b.outcome,
            findings: b.findings ?? '',
            inspectedAt: new Date(b.inspectedAt),
          },
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );

    app.post<{ Params: { countyCode: string; planId: string }; Body: { targetIds?: string[] } }>(
      `${plan}/results-publication`,
      {
        schema: {
          summary: '公示抽查结果（不指定时公示全部未公示的结果）',
          params: planParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { targetIds: { type: 'array', maxItems: 2000, items: ID } },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: manage },
      },
      async (request) => {
        const { countyCode, planId } = request.params;
        return commands.publishResults(
          request.principal,
          countyCode,
          planId,
          request.body?.targetIds ?? [],
          context(request, countyCode),
          commandOptionsOf(request),
        );
      },
    );
  };
}
