import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '@lesp/auth';
import { actorOf, COUNTY_CODE_PATTERN, commandContext, commandOptionsOf, countyParamsSchema, countyTarget } from '@lesp/service-bootstrap';
import type { CommandOutcome } from '../../application/aggregates.js';
import type { CoordinationCommands } from '../../application/coordination-commands.js';
import type { CoordinationQueries, ReadContext } from '../../application/coordination-queries.js';
import type { envelopeV1 } from '@lesp/contracts';
import type { ExchangeFeed } from '../../application/exchange/exchange-feed.js';
import { EXCHANGE_KINDS } from '../../domain/exchange/exchange-consent-decider.js';
import type { Consultations } from '../../application/consultations.js';
import type { JurisdictionBasis } from '../../domain/incident/incident-decider.js';
import type { DataKind } from '../../domain/shared/rules.js';

const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;
const COUNTY = { type: 'string', pattern: COUNTY_CODE_PATTERN } as const;
const COUNTIES = { type: 'array', maxItems: 50, items: COUNTY } as const;
const TEXT = (max: number) => ({ type: 'string', maxLength: max }) as const;
const TEXTS = { type: 'array', maxItems: 50, items: TEXT(200) } as const;
const DATA_KINDS = { type: 'array', maxItems: 2, items: { type: 'string', enum: ['enforcement_acts', 'alerts'] } } as const;
const SHARED_DATA = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    required: ['countyCode', 'dataKinds'],
    additionalProperties: false,
    properties: { countyCode: COUNTY, dataKinds: DATA_KINDS },
  },
} as const;
const DATE_TIME = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: ':[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$',
} as const;
const acceptedSchema = {
  type: 'object',
  properties: {
    aggregateId: { type: 'string' },
    version: { type: 'integer' },
    eventIds: { type: 'array', items: { type: 'string' } },
    replayed: { type: 'boolean' },
    decisionId: { type: 'string' },
    opinionId: { type: 'string' },
  },
} as const;

const params = (...names: string[]) =>
  ({
    type: 'object',
    required: ['countyCode', ...names],
    properties: { countyCode: COUNTY, ...Object.fromEntries(names.map((n) => [n, ID])) },
  }) as const;
const body = (required: readonly string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required: [...required],
  additionalProperties: false,
  properties,
});

type Params = {
  countyCode: string;
  agreementId?: string;
  meetingId?: string;
  decisionId?: string;
  incidentId?: string;
  actId?: string;
  adviceId?: string;
  consultationId?: string;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBody = any;
type Req = FastifyRequest<{ Params: Params }> & { body: AnyBody };

export interface CoordinationRouteDeps {
  readonly commands: CoordinationCommands;
  readonly queries: CoordinationQueries;
  readonly exchange: ExchangeFeed;
  readonly consultations: Consultations;
  readonly clock: () => Date;
}

const SCOPE_PROPERTIES = { name: TEXT(200), fields: TEXTS, sharedData: SHARED_DATA, rulePacks: TEXTS };
const scopeOf = (b: AnyBody) => ({
  name: b.name as string,
  fields: (b.fields ?? []) as string[],
  sharedData: (b.sharedData ?? []) as { countyCode: string; dataKinds: DataKind[] }[],
  rulePacks: (b.rulePacks ?? []) as string[],
});

/** Cross-region coordination over HTTP: agreements, joint meetings, cross-border incidents, administrative advice. */
export function coordinationRoutes(deps: CoordinationRouteDeps) {
  const { commands: c, queries: q } = deps;
  const base = '/api/v1/counties/:countyCode';
  const agreement = `${base}/agreements/:agreementId`;
  const meeting = `${base}/joint-meetings/:meetingId`;
  const incident = `${base}/cross-border-incidents/:incidentId`;
  const advice = `${base}/administrative-advice/:adviceId`;
  return async (app: FastifyInstance): Promise<void> => {
    const context = (r: Req) => commandContext(actorOf(r.principal, r.params.countyCode), r.id, deps.clock());
    const readContext = (r: FastifyRequest): ReadContext => ({
      resource: `${r.method} ${r.routeOptions.url ?? r.url}`,
      source: r.ip,
      correlationId: r.id,
    });
    const command = (
      url: string,
      permission: Permission,
      summary: string,
      paramSchema: object,
      schema: object | undefined,
      run: (r: Req) => Promise<CommandOutcome>,
      created = false,
    ) =>
      app.post<{ Params: Params; Body: AnyBody }>(
        url,
        {
          schema: {
            summary,
            params: paramSchema,
            ...(schema ? { body: schema } : {}),
            response: { [created ? 201 : 200]: acceptedSchema },
          },
          config: { access: { permission, target: countyTarget } },
        },
        async (request, reply) => reply.status(created ? 201 : 200).send(await run(request as Req)),
      );
    const get = (
      url: string,
      permission: Permission,
      summary: string,
      paramSchema: object,
      run: (r: Req) => Promise<unknown>,
      querystring?: object,
    ) =>
      app.get<{ Params: Params }>(
        url,
        {
          schema: { summary, params: paramSchema, ...(querystring ? { querystring } : {}) },
          config: { access: { permission, target: countyTarget } },
        },
        async (request) => run(request as Req),
      );
    const A = 'cross_region.agreement.manage' as const;
    const I = 'cross_region.incident.manage' as const;
    const R = 'cross_region.read' as const;
    const S = 'cross_region.shared.read' as const;
    const id = (r: Req, name: keyof Params) => r.params[name] ?? '';

    // ---- agreements ----
    command(
      `${base}/agreements`,
      A,
      '提出合作框架协议（成员、牵头与联席会议轮值顺序、合作领域、共享数据、适用规则包、生效日期）',
      countyParamsSchema,
      body(['name', 'members', 'fields', 'effectiveFrom'], {
        ...SCOPE_PROPERTIES,
        members: COUNTIES,
        hostOrder: COUNTIES,
        effectiveFrom: DATE_TIME,
      }),
      (r) =>
        c.proposeAgreement(
          r.principal,
          r.params.countyCode,
          {
            ...scopeOf(r.body),
            members: r.body.members,
            hostOrder: r.body.hostOrder ?? r.body.members,
            effectiveFrom: new Date(r.body.effectiveFrom),
          },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    get(`${base}/agreements`, R, '本区县参加（或曾参加、被邀请）的合作协议', countyParamsSchema, async (r) => ({
      agreements: await q.agreements(r.principal, r.params.countyCode),
    }));
    get(agreement, R, '合作协议详情（成员、轮值顺序、范围）', params('agreementId'), (r) =>
      q.agreement(r.principal, r.params.countyCode, id(r, 'agreementId')),
    );
    command(`${agreement}/signature`, A, '本区县签署协议（全体成员签署后生效）', params('agreementId'), undefined, (r) =>
      c.signAgreement(r.principal, r.params.countyCode, id(r, 'agreementId'), context(r), commandOptionsOf(r)),
    );
    command(
      `${agreement}/members`,
      A,
      '接纳新成员（加入两个轮值顺序的末尾）',
      params('agreementId'),
      body(['newMember', 'dataKinds'], { newMember: COUNTY, dataKinds: DATA_KINDS }),
      (r) =>
        c.admitMember(
          r.principal,
          r.params.countyCode,
          id(r, 'agreementId'),
          { newMember: r.body.newMember, dataKinds: r.body.dataKinds },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(
      `${agreement}/withdrawal`,
      A,
      '本区县退出协议（共享数据的访问随即终止）',
      params('agreementId'),
      body(['reason'], { reason: TEXT(5000) }),
      (r) => c.leaveAgreement(r.principal, r.params.countyCode, id(r, 'agreementId'), r.body.reason, context(r), commandOptionsOf(r)),
    );
    command(
      `${agreement}/amendments`,
      A,
      '修订协议（名称、领域、共享数据、规则包、轮值顺序）',
      params('agreementId'),
      body(['summary', 'name', 'fields', 'leadOrder', 'hostOrder'], {
        ...SCOPE_PROPERTIES,
        summary: TEXT(5000),
        leadOrder: COUNTIES,
        hostOrder: COUNTIES,
      }),
      (r) =>
        c.amendAgreement(
          r.principal,
          r.params.countyCode,
          id(r, 'agreementId'),
          { ...scopeOf(r.body), summary: r.body.summary, leadOrder: r.body.leadOrder, hostOrder: r.body.hostOrder },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(`${agreement}/termination`, A, '终止协议', params('agreementId'), body(['reason'], { reason: TEXT(5000) }), (r) =>
      c.endAgreement(r.principal, r.params.countyCode, id(r, 'agreementId'), r.body.reason, context(r), commandOptionsOf(r)),
    );
    get(
      `${agreement}/lead-and-host`,
      R,
      '某日的联合监督小组牵头区县与联席会议承办区县',
      params('agreementId'),
      (r) => q.leadAndHost(r.principal, r.params.countyCode, id(r, 'agreementId'), new Date((r.query as { on: string }).on)),
      { type: 'object', required: ['on'], additionalProperties: false, properties: { on: DATE_TIME } },
    );
    get(`${agreement}/meeting-years`, R, '每个协议年度的联席会议承办区县与召开情况（未召开的标记）', params('agreementId'), async (r) => ({
      years: await q.meetingYears(r.principal, r.params.countyCode, id(r, 'agreementId')),
    }));

    // ---- joint meetings ----
    command(
      `${agreement}/joint-meetings`,
      A,
      '本区县承办联席会议（时间、议程）',
      params('agreementId'),
      body(['scheduledFor', 'agenda'], { scheduledFor: DATE_TIME, agenda: TEXTS }),
      (r) =>
        c.scheduleMeeting(
          r.principal,
          r.params.countyCode,
          id(r, 'agreementId'),
          { scheduledFor: new Date(r.body.scheduledFor), agenda: r.body.agenda },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    get(meeting, R, '联席会议详情（参会、纪要、提交会议的逾期建议、决定与任务）', params('meetingId'), (r) =>
      q.meeting(r.principal, r.params.countyCode, id(r, 'meetingId')),
    );
    command(
      `${meeting}/holding`,
      A,
      '记录会议召开（参会区县与人员、纪要）；逾期未答复的行政建议随之提交会议',
      params('meetingId'),
      body(['heldAt', 'attendees', 'minutes'], {
        heldAt: DATE_TIME,
        minutes: TEXT(20000),
        attendees: {
          type: 'array',
          maxItems: 50,
          items: {
            type: 'object',
            required: ['countyCode', 'names'],
            additionalProperties: false,
            properties: { countyCode: COUNTY, names: TEXTS },
          },
        },
      }),
      (r) =>
        c.holdMeeting(
          r.principal,
          r.params.countyCode,
          id(r, 'meetingId'),
          { heldAt: new Date(r.body.heldAt), attendees: r.body.attendees, minutes: r.body.minutes },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(
      `${meeting}/decisions`,
      A,
      '记录会议决定（可向成员区县交办任务并定期限）',
      params('meetingId'),
      body(['decision'], { decision: TEXT(5000), assigneeCounty: COUNTY, dueAt: DATE_TIME }),
      (r) =>
        c.recordDecision(
          r.principal,
          r.params.countyCode,
          id(r, 'meetingId'),
          {
            decision: r.body.decision,
            assigneeCounty: r.body.assigneeCounty ?? '',
            ...(r.body.dueAt ? { dueAt: new Date(r.body.dueAt) } : {}),
          },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    command(
      `${meeting}/decisions/:decisionId/completion`,
      A,
      '承办区县报告交办任务完成',
      params('meetingId', 'decisionId'),
      body(['report'], { report: TEXT(5000) }),
      (r) =>
        c.completeTask(
          r.principal,
          r.params.countyCode,
          id(r, 'meetingId'),
          id(r, 'decisionId'),
          r.body.report,
          context(r),
          commandOptionsOf(r),
        ),
    );

    // ---- cross-border incidents ----
    command(
      `${agreement}/cross-border-incidents`,
      I,
      '报告跨界事件',
      params('agreementId'),
      body(['locationCounty', 'title', 'description', 'occurredAt'], {
        locationCounty: COUNTY,
        title: TEXT(200),
        description: TEXT(5000),
        occurredAt: DATE_TIME,
      }),
      (r) =>
        c.reportIncident(
          r.principal,
          r.params.countyCode,
          id(r, 'agreementId'),
          {
            locationCounty: r.body.locationCounty,
            title: r.body.title,
            description: r.body.description,
            occurredAt: new Date(r.body.occurredAt),
          },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    get(`${base}/cross-border-incidents`, R, '本区县报告、管辖或联合监督的跨界事件', countyParamsSchema, async (r) => ({
      incidents: await q.incidents(r.principal, r.params.countyCode, readContext(r)),
    }));
    get(incident, R, '跨界事件详情（管辖、联合监督、关联执法行为、监督意见、办结同意）', params('incidentId'), (r) =>
      q.incident(r.principal, r.params.countyCode, id(r, 'incidentId'), readContext(r)),
    );
    command(
      `${incident}/jurisdiction`,
      I,
      '确定管辖区县与联合监督区县（联席会议决定或全体成员协商一致）',
      params('incidentId'),
      body(['handlingCounty', 'supervisingCounties', 'basis'], {
        handlingCounty: COUNTY,
        supervisingCounties: COUNTIES,
        basis: { type: 'string', enum: ['meeting', 'consent'] },
        meetingId: ID,
        consentingCounties: COUNTIES,
      }),
      (r) =>
        c.decideJurisdiction(
          r.principal,
          r.params.countyCode,
          id(r, 'incidentId'),
          {
            handlingCounty: r.body.handlingCounty,
            supervisingCounties: r.body.supervisingCounties,
            basis: r.body.basis as JurisdictionBasis,
            meetingId: r.body.meetingId ?? '',
            consentingCounties: r.body.consentingCounties ?? [],
          },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(
      `${incident}/linked-acts`,
      I,
      '管辖区县将本区县的执法行为关联到事件',
      params('incidentId'),
      body(['actId'], { actId: ID }),
      (r) => c.linkAct(r.principal, r.params.countyCode, id(r, 'incidentId'), r.body.actId, context(r), commandOptionsOf(r)),
    );
    get(
      `${incident}/linked-acts`,
      S,
      '事件关联的管辖区县执法行为及其预警（共享数据，访问记入数据所有方日志）',
      params('incidentId'),
      async (r) => ({
        acts: await q.incidentActs(r.principal, r.params.countyCode, id(r, 'incidentId'), readContext(r)),
      }),
    );
    get(`${incident}/linked-acts/:actId`, S, '事件关联的一项执法行为（未关联的不共享）', params('incidentId', 'actId'), (r) =>
      q.incidentAct(r.principal, r.params.countyCode, id(r, 'incidentId'), id(r, 'actId'), readContext(r)),
    );
    command(
      `${incident}/opinions`,
      I,
      '联合监督区县提出监督意见（针对事件或一项关联执法行为）',
      params('incidentId'),
      body(['opinion'], { opinion: TEXT(5000), actId: ID }),
      (r) =>
        c.addOpinion(
          r.principal,
          r.params.countyCode,
          id(r, 'incidentId'),
          { actId: r.body.actId ?? '', opinion: r.body.opinion },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    command(
      `${incident}/closure-consents`,
      I,
      '同意办结（管辖与联合监督区县均同意后办结）',
      params('incidentId'),
      body([], { note: TEXT(5000) }),
      (r) => c.consentToClose(r.principal, r.params.countyCode, id(r, 'incidentId'), r.body.note ?? '', context(r), commandOptionsOf(r)),
    );

    // ---- administrative advice ----
    command(
      `${agreement}/administrative-advice`,
      I,
      '向有管辖权的成员区县发出行政建议（含答复期限）',
      params('agreementId'),
      body(['toCounty', 'subject', 'content', 'dueAt'], {
        toCounty: COUNTY,
        incidentId: ID,
        subject: TEXT(200),
        content: TEXT(5000),
        dueAt: DATE_TIME,
        sentAt: DATE_TIME,
      }),
      (r) =>
        c.sendAdvice(
          r.principal,
          r.params.countyCode,
          id(r, 'agreementId'),
          {
            toCounty: r.body.toCounty,
            incidentId: r.body.incidentId ?? '',
            subject: r.body.subject,
            content: r.body.content,
            dueAt: new Date(r.body.dueAt),
            ...(r.body.sentAt ? { sentAt: new Date(r.body.sentAt) } : {}),
          },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    get(`${base}/administrative-advice`, R, '本区县发出和收到的行政建议（逾期未答复的标出）', countyParamsSchema, async (r) => ({
      advice: await q.adviceList(r.principal, r.params.countyCode),
    }));
    get(advice, R, '行政建议详情', params('adviceId'), (r) => q.advice(r.principal, r.params.countyCode, id(r, 'adviceId')));
    app.get<{ Params: { regionCode: string } }>(
      '/api/v1/regions/:regionCode/cross-region-summary',
      {
        schema: {
          summary: '市、省级汇总：有成员在本辖区的合作协议、跨界事件与未答复的行政建议',
          params: {
            type: 'object',
            required: ['regionCode'],
            properties: { regionCode: { type: 'string', pattern: '^[1-8][0-9]([0-9]{2})?$' } },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { counties: { type: 'string', minLength: 6, maxLength: 400, pattern: '^[1-8][0-9]{5}(,[1-8][0-9]{5})*$' } },
          },
        },
        config: {
          access: {
            permission: 'cross_region.rollup',
            target: (request: FastifyRequest) => ({
              countyCodes: [(request.params as { regionCode: string }).regionCode.padEnd(6, '0'), ...countiesOf(request.query)],
            }),
          },
        },
      },
      async (request) => q.regionalSummary(request.principal, request.params.regionCode, countiesOf(request.query)),
    );
    command(
      `${base}/exchange-consent`,
      'cross_region.exchange.consent',
      '向上级平台报送的同意范围（接收方：所在市、省或 national；数据类别：执法行为、决定、预警、整改、案卷评查、评议考核、协议、事件、建议、会议），替换此前的同意',
      countyParamsSchema,
      body(['recipients', 'dataKinds'], {
        recipients: { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^([1-8][0-9]([0-9]{2})?|national)$' } },
        dataKinds: { type: 'array', maxItems: EXCHANGE_KINDS.length, items: { type: 'string', enum: [...EXCHANGE_KINDS] } },
      }),
      (r) =>
        deps.exchange.setConsent(
          r.principal,
          r.params.countyCode,
          { recipients: r.body.recipients, dataKinds: r.body.dataKinds },
          context(r),
          commandOptionsOf(r),
        ),
    );
    app.get<{ Params: { regionCode: string; countyCode: string }; Querystring: { after?: string; limit?: number } }>(
      '/api/v1/regions/:regionCode/exchange-feed/:countyCode',
      {
        schema: {
          summary:
            '上级平台订阅区县报送的数据（执法行为、决定、预警、整改、案卷评查、评议考核与协作记录，按同意范围过滤；after 为上一页的 nextPosition，可断点续读）',
          params: {
            type: 'object',
            required: ['regionCode', 'countyCode'],
            properties: { regionCode: { type: 'string', pattern: '^([1-8][0-9]([0-9]{2})?|national)$' }, countyCode: COUNTY },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              after: { type: 'string', maxLength: 15, pattern: '^[0-9]*$' },
              limit: { type: 'integer', minimum: 1, maximum: 500 },
            },
          },
        },
        config: {
          access: {
            permission: 'cross_region.exchange.read',
            target: (request: FastifyRequest) => ({ countyCodes: [(request.params as { countyCode: string }).countyCode] }),
          },
        },
      },
      async (request) => {
        const page = await deps.exchange.read(
          request.principal,
          request.params.regionCode,
          request.params.countyCode,
          request.query.after ?? '',
          request.query.limit ?? 200,
        );
        // JSON: the protobuf messages as ts-proto shapes them, bytes in base64.
        const envelope = (e: envelopeV1.EventEnvelope) => ({ ...e, payload: Buffer.from(e.payload).toString('base64') });
        return {
          entries: page.entries.map((e) => (e.coordination ? { ...e, coordination: envelope(e.coordination) } : e)),
          events: page.events.map(envelope),
          nextPosition: page.nextPosition,
        };
      },
    );
    command(
      `${agreement}/consultations`,
      I,
      '提出协商（成员间管辖争议）或听证会（利害关系人），含参加区县与时间',
      params('agreementId'),
      body(['kind', 'subject', 'parties', 'scheduledFor'], {
        kind: { type: 'string', enum: ['consultation', 'hearing'] },
        subject: TEXT(200),
        incidentId: ID,
        parties: COUNTIES,
        affectedParties: TEXTS,
        scheduledFor: DATE_TIME,
      }),
      (r) =>
        deps.consultations.request(
          r.principal,
          r.params.countyCode,
          id(r, 'agreementId'),
          {
            kind: r.body.kind,
            subject: r.body.subject,
            incidentId: r.body.incidentId ?? '',
            parties: r.body.parties,
            affectedParties: r.body.affectedParties ?? [],
            scheduledFor: new Date(r.body.scheduledFor),
          },
          context(r),
          commandOptionsOf(r),
        ),
      true,
    );
    get(`${base}/consultations`, R, '本区县参加的协商与听证', countyParamsSchema, async (r) => ({
      consultations: await deps.consultations.list(r.principal, r.params.countyCode),
    }));
    get(`${base}/consultations/:consultationId`, R, '协商或听证详情与结果', params('consultationId'), (r) =>
      deps.consultations.get(r.principal, r.params.countyCode, id(r, 'consultationId')),
    );
    command(
      `${base}/consultations/:consultationId/outcome`,
      I,
      '记录协商或听证的结果（协商：agreed/not_agreed；听证：heard）',
      params('consultationId'),
      body(['heldAt', 'outcome', 'summary'], {
        heldAt: DATE_TIME,
        participants: TEXTS,
        outcome: { type: 'string', enum: ['agreed', 'not_agreed', 'heard'] },
        summary: TEXT(5000),
      }),
      (r) =>
        deps.consultations.recordOutcome(
          r.principal,
          r.params.countyCode,
          id(r, 'consultationId'),
          { heldAt: new Date(r.body.heldAt), participants: r.body.participants ?? [], outcome: r.body.outcome, summary: r.body.summary },
          context(r),
          commandOptionsOf(r),
        ),
    );
    command(`${advice}/answer`, I, '收到建议的区县答复', params('adviceId'), body(['answer'], { answer: TEXT(5000) }), (r) =>
      c.answerAdvice(r.principal, r.params.countyCode, id(r, 'adviceId'), r.body.answer, context(r), commandOptionsOf(r)),
    );
  };
}

function countiesOf(query: unknown): string[] {
  const counties = (query as { counties?: string }).counties;
  return counties ? counties.split(',') : [];
}
