import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf, COUNTY_CODE_PATTERN, commandContext, countyParamsSchema, countyTarget, commandOptionsOf } from '@lesp/service-bootstrap';
import type { CommandOutcome } from '../../application/aggregates.js';
import type { GovernanceCommands } from '../../application/governance/governance-commands.js';
import type { GovernanceQueries } from '../../application/governance/governance-queries.js';
import type { CorrectionsCommands } from '../../application/governance/corrections-commands.js';
import type { CorrectionsQueries } from '../../application/governance/corrections-queries.js';
import type { CorrectionsReports } from '../../application/governance/corrections-reports.js';
import { correctionsView, renderCorrectionsHtml, renderCorrectionsXlsx } from '../../reports/corrections-view.js';
import { XLSX_CONTENT_TYPE } from './statistics-routes.js';
import {
  FINDING_CATEGORIES,
  type EndReason,
  type FindingCategory,
  type HoursKind,
  type PersonCategory,
} from '../../domain/corrections/index.js';
import type { DisputeKind } from '../../domain/dispute/index.js';
import type { CleanUpOutcome, FilingBody, ReviewOutcome } from '../../domain/normative-document/index.js';
import { acceptedSchema } from './command-headers.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const TEXT = (max: number) => ({ type: 'string', maxLength: max }) as const;
const DATE_TIME = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: ':[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$',
} as const;
const BODY = { type: 'string', enum: ['government', 'standing_committee'] } as const;
const IDS = (max: number) => ({ type: 'array', maxItems: max, items: ID }) as const;
const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200 }, cursor: { type: 'string', maxLength: 400 } },
} as const;
const idParams = (name: string) =>
  ({
    type: 'object',
    required: ['countyCode', name],
    properties: { countyCode: { type: 'string', pattern: COUNTY_CODE_PATTERN }, [name]: ID },
  }) as const;
const body = (required: readonly string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required: [...required],
  additionalProperties: false,
  properties,
});

export interface GovernanceRouteDeps {
  readonly commands: GovernanceCommands;
  readonly queries: GovernanceQueries;
  readonly corrections: CorrectionsCommands;
  readonly correctionQueries: CorrectionsQueries;
  readonly correctionReports: CorrectionsReports;
  readonly clock: () => Date;
}

type Params = { countyCode: string; documentId?: string; disputeId?: string; personId?: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBody = any;

/** Normative documents (规范性文件) and competence disputes (执法争议协调) over HTTP. */
export function governanceRoutes(deps: GovernanceRouteDeps) {
  const { commands: c, queries: q, corrections: pc, correctionQueries: pq } = deps;
  const manage = { permission: 'supervision.governance.manage', target: countyTarget } as const;
  const read = { permission: 'supervision.governance.read', target: countyTarget } as const;
  const base = '/api/v1/counties/:countyCode';
  const docs = `${base}/normative-documents`;
  const disputes = `${base}/competence-disputes`;
  const persons = `${base}/persons-under-correction`;
  return async (app: FastifyInstance): Promise<void> => {
    const context = (request: FastifyRequest<{ Params: Params }>) =>
      commandContext(actorOf(request.principal, request.params.countyCode), request.id, deps.clock());
    /** A command route: 201 when it creates, 200 otherwise. */
    const command = (
      url: string,
      summary: string,
      params: object,
      schema: object,
      run: (request: FastifyRequest<{ Params: Params }> & { body: AnyBody }) => Promise<CommandOutcome>,
      created = false,
    ) =>
      app.post<{ Params: Params; Body: AnyBody }>(
        url,
        {
          schema: { summary, params, body: schema, response: { [created ? 201 : 200]: acceptedSchema } },
          config: { access: manage },
        },
        async (request, reply) => reply.status(created ? 201 : 200).send(await run(request as never)),
      );
    const list = (
      url: string,
      summary: string,
      run: (request: FastifyRequest<{ Params: Params; Querystring: { limit?: number; cursor?: string } }>) => Promise<unknown>,
    ) =>
      app.get<{ Params: Params; Querystring: { limit?: number; cursor?: string } }>(
        url,
        { schema: { summary, params: countyParamsSchema, querystring: pageQuery }, config: { access: read } },
        run,
      );
    const page = (query: { limit?: number; cursor?: string }) => ({
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    });
    const docParams = idParams('documentId');
    const disputeParams = idParams('disputeId');
    const docId = (r: FastifyRequest<{ Params: Params }>) => r.params.documentId ?? '';
    const disputeId = (r: FastifyRequest<{ Params: Params }>) => r.params.disputeId ?? '';

    command(
      docs,
      '登记规范性文件（制定机关、文号、发布与生效日期、有效期）',
      countyParamsSchema,
      body(['issuer', 'documentNumber', 'title', 'issuedAt', 'effectiveFrom', 'validUntil'], {
        documentId: ID,
        issuer: TEXT(200),
        documentNumber: TEXT(100),
        title: TEXT(200),
        issuedAt: DATE_TIME,
        effectiveFrom: DATE_TIME,
        validUntil: DATE_TIME,
      }),
      (r) =>
        c.registerDocument(
          r.principal,
          r.params.countyCode,
          {
            ...(r.body.documentId ? { documentId: r.body.documentId } : {}),
            issuer: r.body.issuer,
            documentNumber: r.body.documentNumber,
            title: r.body.title,
            issuedAt: new Date(r.body.issuedAt),
            effectiveFrom: new Date(r.body.effectiveFrom),
            validUntil: new Date(r.body.validUntil),
          },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    list(docs, '规范性文件列表', async (r) => {
      const result = await q.documents(r.principal, r.params.countyCode, page(r.query));
      return { documents: result.items, nextCursor: result.nextCursor };
    });
    app.get<{ Params: Params }>(
      `${docs}/:documentId`,
      { schema: { summary: '规范性文件详情（备案、审查、纠正、清理）', params: docParams }, config: { access: read } },
      async (r, reply) => {
        const view = await q.document(r.principal, r.params.countyCode, docId(r));
        return reply.header('etag', `"${view.version}"`).send(view);
      },
    );
    command(
      `${docs}/:documentId/filings`,
      '报送备案（人民政府或人大常委会；发布后 30 日内）',
      docParams,
      body(['filedWith', 'recipient', 'filingNumber', 'filedAt'], {
        filedWith: BODY,
        recipient: TEXT(200),
        filingNumber: TEXT(100),
        filedAt: DATE_TIME,
      }),
      (r) =>
        c.fileDocument(
          r.principal,
          r.params.countyCode,
          docId(r),
          {
            filedWith: r.body.filedWith as FilingBody,
            recipient: r.body.recipient,
            filingNumber: r.body.filingNumber,
            filedAt: new Date(r.body.filedAt),
          },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(
      `${docs}/:documentId/reviews`,
      '备案审查结果（通过或退回纠正）',
      docParams,
      body(['reviewedBy', 'outcome'], { reviewedBy: BODY, outcome: { type: 'string', enum: ['passed', 'returned'] }, opinion: TEXT(4000) }),
      (r) =>
        c.reviewDocument(
          r.principal,
          r.params.countyCode,
          docId(r),
          { reviewedBy: r.body.reviewedBy as FilingBody, outcome: r.body.outcome as ReviewOutcome, opinion: r.body.opinion ?? '' },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(`${docs}/:documentId/corrections`, '纠正退回的规范性文件', docParams, body(['summary'], { summary: TEXT(4000) }), (r) =>
      c.correctDocument(r.principal, r.params.countyCode, docId(r), r.body.summary, context(r), commandOptionsOf(r)),
    );
    command(
      `${docs}/:documentId/clean-ups`,
      '清理规范性文件（继续有效、修订、废止）',
      docParams,
      body(['cleanUp', 'outcome', 'reason'], {
        cleanUp: TEXT(200),
        outcome: { type: 'string', enum: ['kept', 'amended', 'repealed'] },
        reason: TEXT(4000),
        validUntil: DATE_TIME,
      }),
      (r) =>
        c.cleanUpDocument(
          r.principal,
          r.params.countyCode,
          docId(r),
          {
            cleanUp: r.body.cleanUp,
            outcome: r.body.outcome as CleanUpOutcome,
            reason: r.body.reason,
            ...(r.body.validUntil ? { validUntil: new Date(r.body.validUntil) } : {}),
          },
          context(r),
          commandOptionsOf(r),
        ),
    );

    command(
      disputes,
      '受理执法争议（积极或消极争议；7 个工作日内协调决定）',
      countyParamsSchema,
      body(['kind', 'agencyIds', 'matter', 'description'], {
        disputeId: ID,
        kind: { type: 'string', enum: ['claimed', 'declined'] },
        agencyIds: IDS(20),
        matter: TEXT(200),
        description: TEXT(4000),
        actIds: IDS(50),
      }),
      (r) =>
        c.fileDispute(
          r.principal,
          r.params.countyCode,
          {
            ...(r.body.disputeId ? { disputeId: r.body.disputeId } : {}),
            kind: r.body.kind as DisputeKind,
            agencyIds: r.body.agencyIds,
            matter: r.body.matter,
            description: r.body.description,
            actIds: r.body.actIds ?? [],
          },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    list(disputes, '执法争议列表（含是否超期）', async (r) => {
      const result = await q.disputes(r.principal, r.params.countyCode, page(r.query));
      return { disputes: result.items, nextCursor: result.nextCursor };
    });
    app.get<{ Params: Params }>(
      `${disputes}/:disputeId`,
      { schema: { summary: '执法争议详情', params: disputeParams }, config: { access: read } },
      async (r, reply) => {
        const view = await q.dispute(r.principal, r.params.countyCode, disputeId(r));
        return reply.header('etag', `"${view.version}"`).send(view);
      },
    );
    command(
      `${disputes}/:disputeId/referral`,
      '报请上级协调',
      disputeParams,
      body(['superior', 'reason'], { superior: TEXT(200), reason: TEXT(4000) }),
      (r) =>
        c.referDispute(r.principal, r.params.countyCode, disputeId(r), r.body.superior, r.body.reason, context(r), commandOptionsOf(r)),
    );
    command(
      `${disputes}/:disputeId/decision`,
      '作出协调决定（管辖主体、协助主体、理由与依据）',
      disputeParams,
      body(['competentAgencyId', 'reasoning', 'legalBasis'], {
        competentAgencyId: ID,
        assistingAgencyIds: IDS(20),
        reasoning: TEXT(4000),
        legalBasis: TEXT(2000),
      }),
      (r) =>
        c.decideDispute(
          r.principal,
          r.params.countyCode,
          disputeId(r),
          {
            competentAgencyId: r.body.competentAgencyId,
            assistingAgencyIds: r.body.assistingAgencyIds ?? [],
            reasoning: r.body.reasoning,
            legalBasis: r.body.legalBasis,
          },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(`${disputes}/:disputeId/follow-ups`, '记录跟踪督办情况', disputeParams, body(['note'], { note: TEXT(4000) }), (r) =>
      c.recordFollowUp(r.principal, r.params.countyCode, disputeId(r), r.body.note, context(r), commandOptionsOf(r)),
    );
    command(
      `${disputes}/:disputeId/implementation`,
      '确认协调决定已落实',
      disputeParams,
      body(['agencyId', 'summary'], { agencyId: ID, summary: TEXT(4000), actIds: IDS(50) }),
      (r) =>
        c.confirmImplemented(
          r.principal,
          r.params.countyCode,
          disputeId(r),
          { agencyId: r.body.agencyId, summary: r.body.summary, actIds: r.body.actIds ?? [] },
          context(r),
          commandOptionsOf(r),
        ),
    );
    const personParams = idParams('personId');
    const personId = (r: FastifyRequest<{ Params: Params }>) => r.params.personId ?? '';
    command(
      persons,
      '接收社区矫正对象（类别、司法所、是否职务犯罪、矫正期）',
      countyParamsSchema,
      body(['personId', 'category', 'officeId', 'startsAt', 'endsAt'], {
        personId: ID,
        category: {
          type: 'string',
          enum: ['probation', 'medical_parole', 'deprivation_of_political_rights', 'parole', 'public_surveillance'],
        },
        officeId: ID,
        dutyCrime: { type: 'boolean' },
        startsAt: DATE_TIME,
        endsAt: DATE_TIME,
      }),
      (r) =>
        pc.receive(
          r.principal,
          r.params.countyCode,
          {
            personId: r.body.personId,
            category: r.body.category as PersonCategory,
            officeId: r.body.officeId,
            dutyCrime: r.body.dutyCrime ?? false,
            startsAt: new Date(r.body.startsAt),
            endsAt: new Date(r.body.endsAt),
          },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    list(persons, '社区矫正对象列表', async (r) => {
      const result = await pq.list(r.principal, r.params.countyCode, page(r.query));
      return { persons: result.items, nextCursor: result.nextCursor };
    });
    app.get<{ Params: Params }>(
      `${persons}/:personId`,
      { schema: { summary: '社区矫正对象（按月教育学习、社区服务小时数，脱管次数）', params: personParams }, config: { access: read } },
      async (r, reply) => {
        const view = await pq.get(r.principal, r.params.countyCode, personId(r));
        return reply.header('etag', `"${view.version}"`).send(view);
      },
    );
    command(
      `${persons}/:personId/hours`,
      '记录教育学习或社区服务小时数（每月各 8 小时）',
      personParams,
      body(['kind', 'month', 'hours', 'occurredAt'], {
        kind: { type: 'string', enum: ['education', 'community_service'] },
        month: { type: 'string', maxLength: 7, pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' },
        hours: { type: 'number', minimum: 0, maximum: 24 },
        activity: TEXT(200),
        occurredAt: DATE_TIME,
      }),
      (r) =>
        pc.recordHours(
          r.principal,
          r.params.countyCode,
          personId(r),
          {
            kind: r.body.kind as HoursKind,
            month: r.body.month,
            hours: r.body.hours,
            activity: r.body.activity ?? '',
            occurredAt: new Date(r.body.occurredAt),
          },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(
      `${persons}/:personId/absconding`,
      '报告脱管',
      personParams,
      body(['lostContactAt', 'measures'], { lostContactAt: DATE_TIME, measures: TEXT(4000) }),
      (r) =>
        pc.reportAbsconding(
          r.principal,
          r.params.countyCode,
          personId(r),
          { lostContactAt: new Date(r.body.lostContactAt), measures: r.body.measures },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(
      `${persons}/:personId/return`,
      '报告恢复监管',
      personParams,
      body(['returnedAt'], { returnedAt: DATE_TIME, note: TEXT(4000) }),
      (r) =>
        pc.reportReturned(
          r.principal,
          r.params.countyCode,
          personId(r),
          { returnedAt: new Date(r.body.returnedAt), note: r.body.note ?? '' },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(
      `${persons}/:personId/end`,
      '解除或终止社区矫正',
      personParams,
      body(['reason', 'endedAt'], {
        reason: { type: 'string', enum: ['term_completed', 'revoked', 'committed', 'died'] },
        endedAt: DATE_TIME,
        note: TEXT(4000),
      }),
      (r) =>
        pc.end(
          r.principal,
          r.params.countyCode,
          personId(r),
          { reason: r.body.reason as EndReason, endedAt: new Date(r.body.endedAt), note: r.body.note ?? '' },
          context(r),
          commandOptionsOf(r),
        ),
    );
    const findings = `${base}/correction-findings`;
    command(
      findings,
      '记录社区矫正纠正违法情况（月报、半年报的类别；规则包自动发现的除外）',
      countyParamsSchema,
      body(['category', 'description', 'foundAt'], {
        findingId: ID,
        category: { type: 'string', enum: [...FINDING_CATEGORIES] },
        personId: ID,
        description: TEXT(4000),
        foundAt: DATE_TIME,
      }),
      (r) =>
        pc.recordFinding(
          r.principal,
          r.params.countyCode,
          {
            ...(r.body.findingId ? { findingId: r.body.findingId } : {}),
            category: r.body.category as FindingCategory,
            ...(r.body.personId ? { personId: r.body.personId } : {}),
            description: r.body.description,
            foundAt: new Date(r.body.foundAt),
          },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    list(findings, '社区矫正纠正违法情况列表', async (r) => {
      const result = await pq.findings(r.principal, r.params.countyCode, page(r.query));
      return { findings: result.items, nextCursor: result.nextCursor };
    });
    app.get<{
      Params: Params;
      Querystring: {
        period: 'month' | 'half';
        year: number;
        month?: number;
        half?: number;
        format?: 'json' | 'xlsx' | 'html';
        name?: string;
      };
    }>(
      `${base}/community-corrections-report`,
      {
        schema: {
          summary: '社区矫正监督月报、半年报（period=month|half；format=json|xlsx|html）',
          params: countyParamsSchema,
          querystring: {
            type: 'object',
            required: ['period', 'year'],
            additionalProperties: false,
            properties: {
              period: { type: 'string', enum: ['month', 'half'] },
              year: { type: 'integer', minimum: 2000, maximum: 2100 },
              month: { type: 'integer', minimum: 1, maximum: 12 },
              half: { type: 'integer', enum: [1, 2] },
              format: { type: 'string', enum: ['json', 'xlsx', 'html'] },
              name: { type: 'string', minLength: 1, maxLength: 50 },
            },
          },
          response: {
            200: {
              type: 'object',
              properties: {
                title: { type: 'string' },
                sections: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      title: { type: 'string' },
                      rows: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            label: { type: 'string' },
                            text: { type: 'string' },
                            value: { type: ['number', 'null'] },
                            unit: { type: 'string' },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        config: { access: read },
      },
      async (r, reply) => {
        const q = r.query;
        const request =
          q.period === 'month'
            ? ({ kind: 'month', year: q.year, month: q.month ?? 0 } as const)
            : ({ kind: 'half', year: q.year, half: q.half ?? 0 } as const);
        const report = await deps.correctionReports.report(r.principal, r.params.countyCode, request);
        const name = q.name?.trim() || r.params.countyCode;
        switch (q.format ?? 'json') {
          case 'xlsx': {
            const period = q.period === 'month' ? `${q.year}-${String(q.month).padStart(2, '0')}` : `${q.year}-H${q.half}`;
            return reply
              .header('content-type', XLSX_CONTENT_TYPE)
              .header('content-disposition', `attachment; filename="community-corrections-${r.params.countyCode}-${period}.xlsx"`)
              .send(Buffer.from(await renderCorrectionsXlsx(report, name)));
          }
          case 'html':
            return reply.header('content-type', 'text/html; charset=utf-8').send(renderCorrectionsHtml(report, name));
          default:
            return reply.send(correctionsView(report, name));
        }
      },
    );
    command(`${disputes}/:disputeId/withdrawal`, '撤回执法争议', disputeParams, body(['reason'], { reason: TEXT(4000) }), (r) =>
      c.withdrawDispute(r.principal, r.params.countyCode, disputeId(r), r.body.reason, context(r), commandOptionsOf(r)),
    );
  };
}
