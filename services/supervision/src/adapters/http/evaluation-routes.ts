import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, COUNTY_CODE_PATTERN, commandContext, commandOptionsOf, countyParamsSchema, countyTarget } from '@lesp/service-bootstrap';
import type { CommandOutcome } from '../../application/aggregates.js';
import type { EvaluationCommands, EvaluationScores } from '../../application/evaluation/evaluation-commands.js';
import type { EvaluationQueries } from '../../application/evaluation/evaluation-queries.js';
import {
  FIGURES,
  type EvaluationScheme,
  type FigureKey,
  type Grade,
  type GradeCap,
  type Indicator,
} from '../../domain/evaluation/index.js';
import { acceptedSchema } from './command-headers.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const TEXT = (max: number) => ({ type: 'string', maxLength: max }) as const;
const YEAR = { type: 'integer', minimum: 2000, maximum: 2100 } as const;
const COUNT = { type: 'integer', minimum: 0, maximum: 1000 } as const;
const GRADE = { type: 'string', enum: ['excellent', 'good', 'pass', 'fail'] } as const;

const scoresProperties = {
  supervisorScores: {
    type: 'array',
    maxItems: 500,
    items: {
      type: 'object',
      required: ['supervisorId', 'indicatorCode', 'centipoints'],
      additionalProperties: false,
      properties: { supervisorId: ID, indicatorCode: ID, centipoints: { type: 'integer', minimum: 0, maximum: 10_000 } },
    },
  },
  lostLawsuits: COUNT,
  headAbsentFromCourt: COUNT,
  vetoes: {
    type: 'array',
    maxItems: 20,
    items: {
      type: 'object',
      required: ['code', 'reason'],
      additionalProperties: false,
      properties: { code: ID, reason: { type: 'string', minLength: 1, maxLength: 2000 } },
    },
  },
} as const;

/** A county's own scheme (考核方案); the default scheme of the year when absent. */
const schemeSchema = {
  type: 'object',
  required: ['indicators', 'thresholds'],
  additionalProperties: false,
  properties: {
    indicators: {
      type: 'array',
      minItems: 1,
      maxItems: 30,
      items: {
        type: 'object',
        required: ['code', 'name', 'weight', 'source'],
        additionalProperties: false,
        properties: {
          code: ID,
          name: { type: 'string', minLength: 1, maxLength: 100 },
          weight: { type: 'integer', minimum: 1, maximum: 100 },
          source: { type: 'string', enum: ['figure', 'supervisors'] },
          figure: { type: 'string', enum: Object.keys(FIGURES) },
        },
      },
    },
    thresholds: {
      type: 'object',
      required: ['excellent', 'good', 'pass'],
      additionalProperties: false,
      properties: {
        excellent: { type: 'integer', minimum: 1, maximum: 100 },
        good: { type: 'integer', minimum: 1, maximum: 100 },
        pass: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
    caps: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        required: ['kind', 'atLeast', 'maxGrade'],
        additionalProperties: false,
        properties: {
          kind: { type: 'string', enum: ['lostLawsuits', 'headAbsentFromCourt'] },
          atLeast: { type: 'integer', minimum: 1, maximum: 100 },
          maxGrade: GRADE,
        },
      },
    },
    trimFrom: { type: 'integer', minimum: 3, maximum: 100 },
  },
} as const;

const evaluationSchema = {
  type: 'object',
  properties: {
    evaluationId: { type: 'string' },
    countyCode: { type: 'string' },
    agencyId: { type: 'string' },
    agencyName: { type: 'string' },
    year: { type: 'integer' },
    status: { type: 'string', enum: ['recorded', 'published'] },
    centipoints: { type: 'integer' },
    score: { type: 'string' },
    grade: { type: 'string' },
    gradeName: { type: 'string' },
    rank: { type: 'integer' },
    indicators: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          name: { type: 'string' },
          weight: { type: 'integer' },
          centipoints: { type: ['integer', 'null'] },
          score: { type: ['string', 'null'] },
        },
      },
    },
    reasons: { type: 'array', items: { type: 'string' } },
    figures: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          name: { type: 'string' },
          kind: { type: 'string' },
          numerator: { type: 'integer' },
          denominator: { type: 'integer' },
          centipoints: { type: 'integer' },
          text: { type: 'string' },
        },
      },
    },
    supervisorScores: {
      type: 'array',
      items: {
        type: 'object',
        properties: { supervisorId: { type: 'string' }, indicatorCode: { type: 'string' }, centipoints: { type: 'integer' } },
      },
    },
    lostLawsuits: { type: 'integer' },
    headAbsentFromCourt: { type: 'integer' },
    vetoes: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, reason: { type: 'string' } } } },
    revisions: { type: 'integer' },
    evaluatedBy: { type: 'string' },
    evaluatedAt: { type: 'string', format: 'date-time' },
    publishedAt: { type: 'string', format: 'date-time' },
    version: { type: 'integer' },
  },
} as const;

const evaluationParams = {
  type: 'object',
  required: ['countyCode', 'evaluationId'],
  properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, evaluationId: ID },
} as const;

export interface EvaluationRouteDeps {
  readonly evaluations: EvaluationCommands;
  readonly evaluationQueries: EvaluationQueries;
  readonly clock: () => Date;
}

type Params = { countyCode: string; evaluationId?: string };
interface ScoresBody {
  supervisorScores?: { supervisorId: string; indicatorCode: string; centipoints: number }[];
  lostLawsuits?: number;
  headAbsentFromCourt?: number;
  vetoes?: { code: string; reason: string }[];
}
interface SchemeBody {
  indicators: { code: string; name: string; weight: number; source: 'figure' | 'supervisors'; figure?: string }[];
  thresholds: { excellent: number; good: number; pass: number };
  caps?: { kind: GradeCap['kind']; atLeast: number; maxGrade: Grade }[];
  trimFrom?: number;
}

const scoresOf = (body: ScoresBody): EvaluationScores => ({
  supervisorScores: body.supervisorScores ?? [],
  lostLawsuits: body.lostLawsuits ?? 0,
  headAbsentFromCourt: body.headAbsentFromCourt ?? 0,
  vetoes: body.vetoes ?? [],
});

function schemeOf(year: number, body: SchemeBody): EvaluationScheme {
  return {
    year,
    indicators: body.indicators.map((i): Indicator =>
      i.source === 'figure'
        ? { code: i.code, name: i.name, weight: i.weight, source: 'figure', figure: (i.figure ?? '') as FigureKey }
        : { code: i.code, name: i.name, weight: i.weight, source: 'supervisors' },
    ),
    thresholds: body.thresholds,
    caps: (body.caps ?? []).map((c) => ({ kind: c.kind, atLeast: c.atLeast, maxGrade: c.maxGrade }) as GradeCap),
    trimFrom: body.trimFrom ?? 5,
  };
}

/** Yearly evaluation of agencies (评议考核) over HTTP: supervisors evaluate, revise and publish; regional viewers read. */
export function evaluationRoutes(deps: EvaluationRouteDeps) {
  const { evaluations: c, evaluationQueries: q } = deps;
  const manage = { permission: 'supervision.evaluation.manage', target: countyTarget } as const;
  const read = { permission: 'supervision.evaluation.read', target: countyTarget } as const;
  const base = '/api/v1/counties/:countyCode/agency-evaluations';
  return async (app: FastifyInstance): Promise<void> => {
    const context = (request: FastifyRequest<{ Params: Params }>) =>
      commandContext(actorOf(request.principal, request.params.countyCode), request.id, deps.clock());
    const evaluationId = (r: FastifyRequest<{ Params: Params }>) => r.params.evaluationId ?? '';

    app.post<{ Params: Params; Body: ScoresBody & { agencyId: string; year: number; scheme?: SchemeBody } }>(
      base,
      {
        schema: {
          summary: '评议考核：按年度数据（统计、案卷评查、双随机、整改、预警）和评议人员打分评定执法主体等次',
          params: countyParamsSchema,
          body: {
            type: 'object',
            required: ['agencyId', 'year', 'supervisorScores'],
            additionalProperties: false,
            properties: { agencyId: ID, year: YEAR, scheme: schemeSchema, ...scoresProperties },
          },
          response: { 201: acceptedSchema },
        },
        config: { access: manage },
      },
      async (r, reply): Promise<CommandOutcome> =>
        reply.status(201).send(
          await c.record(
            r.principal,
            r.params.countyCode,
            {
              agencyId: r.body.agencyId,
              year: r.body.year,
              ...(r.body.scheme ? { scheme: schemeOf(r.body.year, r.body.scheme) } : {}),
              ...scoresOf(r.body),
            },
            context(r),
            commandOptionsOf(r),
          ),
        ),
    );
    app.get<{ Params: Params; Querystring: { year: number } }>(
      base,
      {
        schema: {
          summary: '本县（区）某年度评议考核结果（按得分排名）',
          params: countyParamsSchema,
          querystring: { type: 'object', required: ['year'], additionalProperties: false, properties: { year: YEAR } },
          response: {
            200: { type: 'object', properties: { year: { type: 'integer' }, evaluations: { type: 'array', items: evaluationSchema } } },
          },
        },
        config: { access: read },
      },
      async (r) => ({ year: r.query.year, evaluations: await q.list(r.principal, r.params.countyCode, r.query.year) }),
    );
    app.get<{ Params: Params }>(
      `${base}/:evaluationId`,
      {
        schema: {
          summary: '评议考核详情（指标得分、数据、评议打分、等次理由）',
          params: evaluationParams,
          response: { 200: evaluationSchema },
        },
        config: { access: read },
      },
      async (r, reply) => {
        const view = await q.get(r.principal, r.params.countyCode, evaluationId(r));
        return reply.header('etag', `"${view.version}"`).send(view);
      },
    );
    app.post<{ Params: Params; Body: ScoresBody & { reason: string } }>(
      `${base}/:evaluationId/revision`,
      {
        schema: {
          summary: '修订评议考核（公布前；重新计算年度数据，须说明理由）',
          params: evaluationParams,
          body: {
            type: 'object',
            required: ['supervisorScores', 'reason'],
            additionalProperties: false,
            properties: { ...scoresProperties, reason: TEXT(2000) },
          },
          response: { 200: acceptedSchema },
        },
        config: { access: manage },
      },
      async (r) =>
        c.revise(
          r.principal,
          r.params.countyCode,
          evaluationId(r),
          { ...scoresOf(r.body), reason: r.body.reason },
          context(r),
          commandOptionsOf(r),
        ),
    );
    app.post<{ Params: Params }>(
      `${base}/:evaluationId/publication`,
      {
        schema: { summary: '公布评议考核结果', params: evaluationParams, response: { 200: acceptedSchema } },
        config: { access: manage },
      },
      async (r) => c.publish(r.principal, r.params.countyCode, evaluationId(r), context(r), commandOptionsOf(r)),
    );
  };
}
