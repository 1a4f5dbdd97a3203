import { Metadata } from '@grpc/grpc-js';
import { once } from 'node:events';
import {
  ForbiddenError,
  PayloadTooLargeError,
  ValidationError,
  fromGrpcError,
  isCountyCode,
  type PlatformError,
  type Violation,
} from '@lesp/core';
import type { actsV1, importsV1, rectificationV1, statisticsV1 } from '@lesp/contracts';
import { callUnary } from '@lesp/service-bootstrap';
import { CORRELATION_HEADER } from '@lesp/service-bootstrap';
import { checkStep, openingViolations, type ActOpeningForm, type ActStepForm } from '../domain/act-form.js';
import { accountabilityViolations, type AccountabilityForm } from '../domain/accountability-form.js';
import { ensureValid } from '../domain/form-rules.js';
import { buildDashboard, type Dashboard } from '../domain/dashboard.js';
import { agencyFilter, homeCounty, requireRole, viewerRegion } from '../domain/scope.js';
import type { Backends } from '../adapters/backends.js';
import { callOptions, commandMeta, type CallContext } from './calls.js';

export type { CallContext } from './calls.js';

export interface PageQuery {
  readonly limit?: number;
  readonly cursor?: string;
}

const DASHBOARD_ALERT_PAGES = 10;
/** A whole upload (the client's pace) must reach case intake within this. */
const IMPORT_DEADLINE_MS = 30 * 60_000;

function page(query: PageQuery) {
  return { limit: Math.min(Math.max(query.limit ?? 20, 1), 100), cursor: query.cursor ?? '' };
}

/** A service's violations named as the console's form names its fields (supervision nests accountability's). */
async function unprefixed<T>(prefix: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ValidationError)
      throw new ValidationError(
        error.violations.map((v) => (v.field.startsWith(prefix) ? { ...v, field: v.field.slice(prefix.length) } : v)),
      );
    throw error;
  }
}

/** Figures of a report view by key. */
export function figuresOf(view: statisticsV1.StatisticsView): Record<string, number | null> {
  return Object.fromEntries(view.sections.flatMap((s) => s.figures.map((f) => [f.key, f.value ?? null] as const)));
}

function dateFrom(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw ValidationError.of('date', 'TIME_INVALID', '请填写正确的日期');
  return date;
}

/**
 * The console's use cases: every one reads the county (and a clerk's agency) from the signed-in
 * user, never from the request, and calls the owning service over gRPC with the user's own token,
 * so the services' permission checks and audit logs see the real caller.
 */
export class ConsoleService {
  constructor(
    private readonly backends: Backends,
    private readonly deadlineMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private options(ctx: CallContext, deadlineMs = this.deadlineMs) {
    return callOptions(ctx, deadlineMs);
  }

  private meta(ctx: CallContext) {
    return commandMeta(ctx);
  }

  // ---- agencies and officers ----

  async agencies(ctx: CallContext) {
    const countyCode = homeCounty(ctx.user);
    const b = this.backends;
    const response = await callUnary(
      b.agencies,
      b.agencies.listAgencies,
      { countyCode, page: { limit: 200, cursor: '' } },
      this.options(ctx),
    );
    return response.agencies
      .filter((a) => ctx.user.role !== 'agency_clerk' || a.agencyId === ctx.user.agencyId)
      .map((a) => ({ agencyId: a.agencyId, name: a.name, status: a.status }));
  }

  async officers(ctx: CallContext, agencyId?: string) {
    const countyCode = homeCounty(ctx.user);
    const b = this.backends;
    const response = await callUnary(
      b.officers,
      b.officers.listOfficers,
      { countyCode, agencyId: agencyFilter(ctx.user, agencyId), certificateStatus: '', page: { limit: 200, cursor: '' } },
      this.options(ctx),
    );
    return response.officers.map((o) => ({
      officerId: o.officerId,
      name: o.name,
      agencyId: o.agencyId,
      certificateNumber: o.certificateNumber,
      certificateStatus: o.certificateStatus,
      certificateValidUntil: o.certificateValidUntil,
      certificateValidNow: o.certificateValidNow,
    }));
  }

  // ---- acts ----

  async searchActs(ctx: CallContext, query: PageQuery & { agencyId?: string; category?: string; status?: string; target?: string }) {
    requireRole(ctx.user, 'agency_clerk', 'county_supervisor');
    const b = this.backends;
    const response = await callUnary(
      b.acts,
      b.acts.searchActs,
      {
        countyCode: homeCounty(ctx.user),
        agencyId: agencyFilter(ctx.user, query.agencyId),
        category: query.category ?? '',
        status: query.status ?? '',
        openedFrom: undefined,
        openedTo: undefined,
        target: query.target ?? '',
        officerId: '',
        page: page(query),
      },
      this.options(ctx),
    );
    return { acts: response.acts, nextCursor: response.page?.nextCursor ?? '' };
  }

  async act(ctx: CallContext, actId: string) {
    requireRole(ctx.user, 'agency_clerk', 'county_supervisor');
    const b = this.backends;
    const countyCode = homeCounty(ctx.user);
    const act = await callUnary(b.acts, b.acts.getAct, { countyCode, actId }, this.options(ctx));
    agencyFilter(ctx.user, act.agencyId);
    return act;
  }

  async timeline(ctx: CallContext, actId: string) {
    const act = await this.act(ctx, actId);
    const b = this.backends;
    const timeline = await callUnary(b.acts, b.acts.getActTimeline, { countyCode: act.countyCode, actId }, this.options(ctx));
    return { act, entries: timeline.entries };
  }

  async openAct(ctx: CallContext, form: ActOpeningForm) {
    requireRole(ctx.user, 'agency_clerk');
    ensureValid(openingViolations(form, this.clock()));
    const b = this.backends;
    const target = form.target;
    return callUnary(
      b.acts,
      b.acts.openAct,
      {
        meta: this.meta(ctx),
        countyCode: homeCounty(ctx.user),
        openedBy: form.openedBy,
        opening: {
          actId: form.actId ?? '',
          agencyId: agencyFilter(ctx.user, undefined),
          category: form.category,
          caseNumber: form.caseNumber.trim(),
          title: form.title.trim(),
          itemCode: form.itemCode ?? '',
          target: {
            kind: target.kind,
            name: target.name.trim(),
            idNumber: target.kind === 'natural_person' ? (target.idNumber ?? '') : '',
            creditCode: target.kind === 'natural_person' ? '' : (target.creditCode ?? ''),
            phone: target.phone ?? '',
            address: target.address ?? '',
            enterprise: target.kind !== 'natural_person' && target.enterprise !== false,
          },
          major: form.major === true,
          delegationId: '',
          officerIds: [...form.officerIds],
          occurredAt: new Date(form.occurredAt),
          summary: form.summary ?? '',
          delegationGap: '',
        },
      },
      this.options(ctx),
    );
  }

  async recordStep(ctx: CallContext, actId: string, form: ActStepForm) {
    requireRole(ctx.user, 'agency_clerk');
    const act = await this.act(ctx, actId);
    const { violations, fields } = checkStep(form, act.category, this.clock());
    ensureValid(violations);
    const officerIds = [...(form.officerIds ?? [])];
    const occurredAt = new Date(form.occurredAt);
    const s = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '');
    const step: Partial<actsV1.RecordActStepRequest> = {};
    switch (form.type) {
      case 'ApplicationDecidedOnAcceptance':
        step.acceptance = { accepted: form['accepted'] === true, reason: s('reason'), officerIds, occurredAt };
        break;
      case 'EvidenceCollected':
        step.evidence = {
          evidenceId: s('evidenceId'),
          kind: s('kind'),
          description: s('description'),
          recorder: s('recorder'),
          recordedAt: occurredAt,
          proves: s('proves'),
          officerIds,
          occurredAt,
        };
        break;
      case 'HearingNoticed':
        step.hearingNotice = { officerIds, occurredAt, requestDeadline: undefined };
        break;
      case 'HearingHeld':
        step.hearing = { officerIds, occurredAt, presidingOfficer: s('presidingOfficer'), summary: s('summary') };
        break;
      case 'LegalReviewCompleted':
        step.legalReview = { reviewer: s('reviewer'), opinion: s('opinion'), passed: form['passed'] !== false, occurredAt };
        break;
      case 'DecisionMade':
        step.decision = {
          decisionNumber: s('decisionNumber'),
          outcome: s('outcome'),
          legalBasis: s('legalBasis'),
          discretionBenchmark: s('discretionBenchmark'),
          fineFen: fields['fineFen'] as number,
          confiscationFen: fields['confiscationFen'] as number,
          firstOffenceExempt: form['firstOffenceExempt'] === true,
          lighterPenalty: s('lighterPenalty'),
          content: s('content'),
          officerIds,
          occurredAt,
        };
        break;
      case 'DecisionServed':
        step.service = { method: s('method'), officerIds, occurredAt };
        break;
      case 'ExecutionRecorded':
        step.execution = { how: s('how'), amountPaidFen: fields['amountPaidFen'] as number, officerIds, occurredAt };
        break;
      case 'ActClosed':
        step.closing = { result: s('result'), officerIds, occurredAt };
        break;
      case 'ActArchived':
        step.archiving = { archiveNumber: s('archiveNumber'), occurredAt };
        break;
    }
    const b = this.backends;
    return callUnary(
      b.acts,
      b.acts.recordActStep,
      { ...step, meta: this.meta(ctx), countyCode: act.countyCode, actId } as actsV1.RecordActStepRequest,
      this.options(ctx),
    );
  }

  // ---- imports ----

  /**
   * Streams an upload on to case intake's StartActImport as it arrives: each chunk of the request
   * body is written to the gRPC stream, waiting while that stream is full, so the file never sits
   * whole in this process's memory (case intake stores it in a temporary file). The job comes
   * back once case intake has the whole file.
   */
  async startImport(
    ctx: CallContext,
    fileName: string,
    format: 'csv' | 'xlsx',
    body: AsyncIterable<Uint8Array>,
    maxBytes: number,
  ): Promise<importsV1.ImportJob> {
    requireRole(ctx.user, 'agency_clerk', 'county_supervisor');
    const countyCode = homeCounty(ctx.user);
    const chunks = body[Symbol.asyncIterator]();
    let next = await chunks.next();
    if (next.done || next.value.length === 0) throw ValidationError.of('file', 'IMPORT_FILE_EMPTY', '请选择要导入的文件');
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${ctx.token}`);
    metadata.set(CORRELATION_HEADER, ctx.correlationId);
    let failure: PlatformError | undefined;
    let call: ReturnType<importsV1.ImportServiceClient['startActImport']> | undefined;
    const answered = new Promise<importsV1.ImportJob>((resolve, reject) => {
      call = this.backends.imports.startActImport(metadata, { deadline: Date.now() + IMPORT_DEADLINE_MS }, (error, job) => {
        if (error) reject((failure = fromGrpcError(error)));
        else resolve(job);
      });
    });
    // An early refusal (access, a full disk) ends the upload: no more writes, no wait for a drain that will not come.
    answered.catch(() => undefined);
    const stream = call!;
    const write = async (message: importsV1.StartActImportRequest) => {
      if (failure) throw failure;
      if (!stream.write(message)) await Promise.race([once(stream, 'drain'), answered]);
    };
    let bytes = 0;
    try {
      await write({ start: { countyCode, format, fileName } });
      while (!next.done) {
        bytes += next.value.length;
        if (bytes > maxBytes)
          throw new PayloadTooLargeError('IMPORT_FILE_TOO_LARGE', `导入文件不能超过 ${Math.floor(maxBytes / 1024 / 1024)} MB`);
        await write({ chunk: Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength) });
        next = await chunks.next();
      }
    } catch (error) {
      stream.cancel();
      throw failure ?? error;
    }
    stream.end();
    return answered;
  }

  async importJob(ctx: CallContext, jobId: string) {
    requireRole(ctx.user, 'agency_clerk', 'county_supervisor');
    const b = this.backends;
    return callUnary(b.imports, b.imports.getImportJob, { countyCode: homeCounty(ctx.user), jobId }, this.options(ctx));
  }

  // ---- alerts ----

  async alerts(ctx: CallContext, query: PageQuery & { agencyId?: string; ruleId?: string; level?: string; status?: string }) {
    requireRole(ctx.user, 'agency_clerk', 'county_supervisor');
    const b = this.backends;
    const response = await callUnary(
      b.supervision,
      b.supervision.listAlerts,
      {
        countyCode: homeCounty(ctx.user),
        agencyId: agencyFilter(ctx.user, query.agencyId),
        ruleId: query.ruleId ?? '',
        level: query.level ?? '',
        status: query.status ?? '',
        page: page(query),
      },
      this.options(ctx),
    );
    return { alerts: response.alerts, nextCursor: response.page?.nextCursor ?? '' };
  }

  /** An alert with the events that raised it (from the act's timeline when the subject is an act). */
  async alert(ctx: CallContext, alertId: string) {
    requireRole(ctx.user, 'county_supervisor', 'agency_clerk');
    const b = this.backends;
    const countyCode = homeCounty(ctx.user);
    const alert = await callUnary(b.supervision, b.supervision.getAlert, { countyCode, alertId }, this.options(ctx));
    agencyFilter(ctx.user, alert.agencyId);
    let evidence: actsV1.ActTimelineEntry[] = [];
    let act: actsV1.Act | undefined;
    if (alert.subjectType === 'act' || alert.subjectType === 'EnforcementAct') {
      const timeline = await this.timeline(ctx, alert.subjectId).catch(() => undefined);
      if (timeline) {
        act = timeline.act;
        const wanted = new Set(alert.evidenceEventIds);
        evidence = timeline.entries.filter((e) => wanted.has(e.eventId));
      }
    }
    return { alert, act, evidence };
  }

  // ---- rectification ----

  async rectifications(ctx: CallContext, query: PageQuery & { agencyId?: string; status?: string; overdue?: boolean }) {
    requireRole(ctx.user, 'agency_clerk', 'county_supervisor');
    const b = this.backends;
    const response = await callUnary(
      b.rectifications,
      b.rectifications.listRectifications,
      {
        countyCode: homeCounty(ctx.user),
        agencyId: agencyFilter(ctx.user, query.agencyId),
        status: query.status ?? '',
        overdueOnly: query.overdue === true,
        page: page(query),
      },
      this.options(ctx),
    );
    return { rectifications: response.rectifications, nextCursor: response.page?.nextCursor ?? '' };
  }

  async rectification(ctx: CallContext, rectificationId: string) {
    requireRole(ctx.user, 'agency_clerk', 'county_supervisor');
    const b = this.backends;
    const found = await callUnary(
      b.rectifications,
      b.rectifications.getRectification,
      { countyCode: homeCounty(ctx.user), rectificationId },
      this.options(ctx),
    );
    agencyFilter(ctx.user, found.agencyId);
    return found;
  }

  async issueRectification(
    ctx: CallContext,
    form: {
      documentKind: string;
      documentNumber: string;
      supervisionForm: string;
      agencyId: string;
      alertIds?: string[];
      findings: string;
      requirements: string;
      deadlineWorkingDays?: number;
      deadline?: string;
      copiedTo?: { name: string; relation: string }[];
    },
  ) {
    requireRole(ctx.user, 'county_supervisor');
    const violations: Violation[] = [];
    if (!['notice', 'opinion', 'decision'].includes(form.documentKind))
      violations.push({ field: 'documentKind', code: 'DOCUMENT_KIND_UNKNOWN', message: '请选择文书类型' });
    if (!form.documentNumber?.trim()) violations.push({ field: 'documentNumber', code: 'FIELD_REQUIRED', message: '必填' });
    if (!['routine', 'focused', 'special'].includes(form.supervisionForm))
      violations.push({ field: 'supervisionForm', code: 'SUPERVISION_FORM_UNKNOWN', message: '请选择监督方式' });
    if (!form.agencyId) violations.push({ field: 'agencyId', code: 'FIELD_REQUIRED', message: '请选择被监督单位' });
    if (!form.findings?.trim()) violations.push({ field: 'findings', code: 'FIELD_REQUIRED', message: '必填' });
    if (!form.requirements?.trim()) violations.push({ field: 'requirements', code: 'FIELD_REQUIRED', message: '必填' });
    const days = form.deadlineWorkingDays;
    const deadline = dateFrom(form.deadline);
    if (!deadline && (days === undefined || !Number.isInteger(days) || days < 1 || days > 120))
      violations.push({ field: 'deadlineWorkingDays', code: 'DEADLINE_REQUIRED', message: '整改期限应为 1 到 120 个工作日' });
    ensureValid(violations);
    const b = this.backends;
    const grounds = (form.alertIds ?? []).map((alertId) => ({
      kind: 'alert',
      alertId,
      reviewId: '',
      problemId: '',
      planId: '',
      targetId: '',
      description: '',
    }));
    const request: rectificationV1.IssueRectificationNoticeRequest = {
      countyCode: homeCounty(ctx.user),
      rectificationId: '',
      documentKind: form.documentKind,
      documentNumber: form.documentNumber.trim(),
      supervisionForm: form.supervisionForm,
      agencyId: form.agencyId,
      grounds:
        grounds.length > 0
          ? grounds
          : [{ kind: 'finding', alertId: '', reviewId: '', problemId: '', planId: '', targetId: '', description: form.findings }],
      findings: form.findings,
      requirements: form.requirements,
      deadline,
      deadlineWorkingDays: deadline ? 0 : (days ?? 0),
      copiedTo: form.copiedTo ?? [],
      meta: this.meta(ctx),
    };
    return callUnary(b.rectifications, b.rectifications.issueRectificationNotice, request, this.options(ctx));
  }

  async replyToRectification(ctx: CallContext, rectificationId: string, form: { measures: string[]; explanation: string }) {
    requireRole(ctx.user, 'agency_clerk');
    const measures = (form.measures ?? []).map((m) => m.trim()).filter(Boolean);
    const violations: Violation[] = [];
    if (measures.length === 0) violations.push({ field: 'measures', code: 'MEASURES_REQUIRED', message: '请至少填写一项整改措施' });
    if ((form.explanation ?? '').length > 4000)
      violations.push({ field: 'explanation', code: 'TEXT_TOO_LONG', message: '不能超过 4000 个字' });
    ensureValid(violations);
    const b = this.backends;
    return callUnary(
      b.rectifications,
      b.rectifications.replyToRectification,
      {
        countyCode: homeCounty(ctx.user),
        rectificationId,
        agencyId: agencyFilter(ctx.user, undefined),
        measures,
        explanation: form.explanation ?? '',
        meta: this.meta(ctx),
      },
      this.options(ctx),
    );
  }

  async acceptRectification(ctx: CallContext, rectificationId: string, opinion: string) {
    requireRole(ctx.user, 'county_supervisor');
    if (!opinion?.trim()) throw ValidationError.of('opinion', 'FIELD_REQUIRED', '请填写验收意见');
    const b = this.backends;
    return callUnary(
      b.rectifications,
      b.rectifications.acceptRectification,
      { countyCode: homeCounty(ctx.user), rectificationId, opinion, meta: this.meta(ctx) },
      this.options(ctx),
    );
  }

  async returnRectification(ctx: CallContext, rectificationId: string, reason: string, days: number) {
    requireRole(ctx.user, 'county_supervisor');
    const violations: Violation[] = [];
    if (!reason?.trim()) violations.push({ field: 'reason', code: 'FIELD_REQUIRED', message: '请填写退回理由' });
    if (!Number.isInteger(days) || days < 1 || days > 120)
      violations.push({ field: 'newDeadlineWorkingDays', code: 'DEADLINE_REQUIRED', message: '新期限应为 1 到 120 个工作日' });
    ensureValid(violations);
    const b = this.backends;
    return callUnary(
      b.rectifications,
      b.rectifications.returnRectification,
      {
        countyCode: homeCounty(ctx.user),
        rectificationId,
        reason,
        newDeadline: undefined,
        newDeadlineWorkingDays: days,
        meta: this.meta(ctx),
      },
      this.options(ctx),
    );
  }

  /** Closes a rectification: rectified (after acceptance) or not rectified, with the summary marked for publication. */
  async closeRectification(ctx: CallContext, rectificationId: string, form: { outcome: string; publicSummary: string }) {
    requireRole(ctx.user, 'county_supervisor');
    const violations: Violation[] = [];
    if (!['rectified', 'not_rectified'].includes(form.outcome))
      violations.push({ field: 'outcome', code: 'OUTCOME_UNKNOWN', message: '请选择整改结果' });
    if (!form.publicSummary?.trim()) violations.push({ field: 'publicSummary', code: 'FIELD_REQUIRED', message: '请填写公开的整改情况' });
    ensureValid(violations);
    const b = this.backends;
    return callUnary(
      b.rectifications,
      b.rectifications.closeRectification,
      {
        countyCode: homeCounty(ctx.user),
        rectificationId,
        outcome: form.outcome,
        publicSummary: form.publicSummary.trim(),
        accountability: undefined,
        meta: this.meta(ctx),
      },
      this.options(ctx),
    );
  }

  /** Accountability (责任追究) on a closed rectification: checked on its fields as supervision checks them. */
  async recordAccountability(ctx: CallContext, rectificationId: string, form: AccountabilityForm) {
    requireRole(ctx.user, 'county_supervisor');
    const persons = (form.persons ?? []).map((p) => p.trim()).filter(Boolean);
    ensureValid(accountabilityViolations({ ...form, persons }));
    const b = this.backends;
    return unprefixed(
      'accountability.',
      callUnary(
        b.rectifications,
        b.rectifications.recordRectificationAccountability,
        {
          countyCode: homeCounty(ctx.user),
          rectificationId,
          accountability: {
            decidedBy: form.decidedBy.trim(),
            measure: form.measure.trim(),
            persons,
            basis: form.basis.trim(),
            decidedAt: new Date(form.decidedAt),
          },
          meta: this.meta(ctx),
        },
        this.options(ctx),
      ),
    );
  }

  // ---- dashboard and reports ----

  async dashboard(ctx: CallContext): Promise<Dashboard> {
    requireRole(ctx.user, 'county_supervisor');
    const countyCode = homeCounty(ctx.user);
    const b = this.backends;
    const alerts = [];
    let cursor = '';
    let pages = 0;
    do {
      const response = await callUnary(
        b.supervision,
        b.supervision.listAlerts,
        { countyCode, agencyId: '', ruleId: '', level: '', status: '', page: { limit: 200, cursor } },
        this.options(ctx),
      );
      alerts.push(...response.alerts);
      cursor = response.page?.nextCursor ?? '';
      pages += 1;
    } while (cursor && pages < DASHBOARD_ALERT_PAGES);
    const [rectifications, agencies, report] = await Promise.all([
      callUnary(
        b.rectifications,
        b.rectifications.listRectifications,
        { countyCode, agencyId: '', status: '', overdueOnly: false, page: { limit: 200, cursor: '' } },
        this.options(ctx),
      ),
      callUnary(b.supervision, b.supervision.listSupervisedAgencies, { countyCode, page: { limit: 200, cursor: '' } }, this.options(ctx)),
      callUnary(
        b.statistics,
        b.statistics.getCountyStatistics,
        { countyCode, period: { kind: 'year', year: this.year(), month: 0, half: 0 }, asOf: undefined, name: '' },
        this.options(ctx, 30_000),
      ),
    ]);
    return buildDashboard({
      alerts: alerts.map((a) => ({ ...a, ...(a.raisedAt ? { raisedAt: a.raisedAt } : {}), ...(a.dueAt ? { dueAt: a.dueAt } : {}) })),
      rectifications: rectifications.rectifications.map((r) => ({
        rectificationId: r.rectificationId,
        agencyId: r.agencyId,
        status: r.status,
        overdue: r.overdue,
        ...(r.issuedAt ? { issuedAt: r.issuedAt } : {}),
        ...(r.deadline ? { deadline: r.deadline } : {}),
      })),
      agencyNames: new Map(agencies.agencies.map((a) => [a.agencyId, a.name])),
      figures: figuresOf(report),
      truncated: cursor !== '',
      now: this.clock(),
    });
  }

  private year(): number {
    return new Date(this.clock().getTime() + 8 * 3_600_000).getUTCFullYear();
  }

  async report(ctx: CallContext, query: { period?: string; year?: number; month?: number; half?: number }) {
    requireRole(ctx.user, 'county_supervisor', 'agency_clerk');
    const period = {
      kind: query.period ?? 'year',
      year: query.year ?? this.year(),
      month: query.month ?? 0,
      half: query.half ?? 0,
    };
    const b = this.backends;
    if (ctx.user.role === 'agency_clerk') {
      return callUnary(
        b.statistics,
        b.statistics.getAgencyStatistics,
        { countyCode: homeCounty(ctx.user), agencyId: agencyFilter(ctx.user, undefined), period, asOf: undefined },
        this.options(ctx, 30_000),
      );
    }
    return callUnary(
      b.statistics,
      b.statistics.getCountyStatistics,
      { countyCode: homeCounty(ctx.user), period, asOf: undefined, name: '' },
      this.options(ctx, 30_000),
    );
  }

  async regionReport(ctx: CallContext, query: { year?: number; counties?: string[] }) {
    const regionCode = viewerRegion(ctx.user);
    const counties = query.counties ?? [];
    const outside = counties.filter((c) => !isCountyCode(c) || !c.startsWith(regionCode));
    if (outside.length > 0)
      throw new ForbiddenError('CONSOLE_COUNTY_OUTSIDE_REGION', `区县 ${outside.join('、')} 不在本账号可汇总的范围内`);
    const b = this.backends;
    return callUnary(
      b.statistics,
      b.statistics.getCityStatistics,
      {
        regionCode,
        countyCodes: counties,
        period: { kind: 'year', year: query.year ?? this.year(), month: 0, half: 0 },
        asOf: undefined,
        name: '',
      },
      this.options(ctx, 60_000),
    );
  }

  // ---- case-file reviews and random inspections ----

  async reviews(ctx: CallContext, query: PageQuery) {
    requireRole(ctx.user, 'county_supervisor');
    const b = this.backends;
    const response = await callUnary(
      b.reviews,
      b.reviews.listCaseFileReviews,
      { countyCode: homeCounty(ctx.user), status: '', page: page(query) },
      this.options(ctx),
    );
    return { reviews: response.reviews, nextCursor: response.page?.nextCursor ?? '' };
  }

  async drawSample(ctx: CallContext, reviewId: string, redrawReason: string) {
    requireRole(ctx.user, 'county_supervisor');
    const b = this.backends;
    return callUnary(
      b.reviews,
      b.reviews.drawCaseFileSample,
      { countyCode: homeCounty(ctx.user), reviewId, redrawReason: redrawReason ?? '', meta: this.meta(ctx) },
      this.options(ctx, 30_000),
    );
  }

  async inspections(ctx: CallContext, query: PageQuery & { year?: number }) {
    requireRole(ctx.user, 'county_supervisor');
    const b = this.backends;
    const response = await callUnary(
      b.inspections,
      b.inspections.listRandomInspections,
      { countyCode: homeCounty(ctx.user), year: query.year ?? 0, page: page(query) },
      this.options(ctx),
    );
    return { plans: response.plans, nextCursor: response.page?.nextCursor ?? '' };
  }

  async drawInspection(ctx: CallContext, planId: string, what: 'targets' | 'inspectors') {
    requireRole(ctx.user, 'county_supervisor');
    const b = this.backends;
    const request = { countyCode: homeCounty(ctx.user), planId, meta: this.meta(ctx) };
    return what === 'targets'
      ? callUnary(b.inspections, b.inspections.drawInspectionTargets, request, this.options(ctx, 30_000))
      : callUnary(b.inspections, b.inspections.drawInspectors, request, this.options(ctx, 30_000));
  }

  // ---- joint task force (cross-region) ----

  async taskForce(ctx: CallContext) {
    requireRole(ctx.user, 'task_force_member');
    return this.coordinationOf(ctx, ctx.user.agreementCounties ?? []);
  }

  /** A county supervisor's own county in cross-region coordination: agreements, incidents, advice sent and received. */
  async crossRegion(ctx: CallContext) {
    requireRole(ctx.user, 'county_supervisor');
    return this.coordinationOf(ctx, [homeCounty(ctx.user)]);
  }

  async answerAdvice(ctx: CallContext, adviceId: string, answer: string) {
    requireRole(ctx.user, 'county_supervisor');
    if (!answer?.trim()) throw ValidationError.of('answer', 'FIELD_REQUIRED', '请填写答复内容');
    const b = this.backends;
    return callUnary(
      b.coordination,
      b.coordination.answerAdvice,
      { countyCode: homeCounty(ctx.user), adviceId, answer: answer.trim(), meta: this.meta(ctx) },
      this.options(ctx),
    );
  }

  private async coordinationOf(ctx: CallContext, counties: readonly string[]) {
    const b = this.backends;
    const perCounty = await Promise.all(
      counties.map(async (countyCode) => {
        const [agreements, incidents, advice] = await Promise.all([
          callUnary(b.coordination, b.coordination.listAgreements, { countyCode }, this.options(ctx)),
          callUnary(b.coordination, b.coordination.listIncidents, { countyCode }, this.options(ctx)),
          callUnary(b.coordination, b.coordination.listAdvice, { countyCode }, this.options(ctx)),
        ]);
        return { countyCode, agreements: agreements.agreements, incidents: incidents.incidents, advice: advice.advice };
      }),
    );
    return { counties: perCounty };
  }
}
