import { certificateAt } from '@lesp/core';
import { addCalendarDays, chinaDayOf, dayOfMonthOf } from '../calendar/china-day.js';
import type { TimeLimit } from '../calendar/working-days.js';
import { FILING_BODIES, type FilingBody } from '../normative-document/normative-document-commands.js';
import type { RegisteredDocument } from '../normative-document/normative-document-decider.js';
import { FILING_PERIOD_DAYS, filingDueAt } from '../normative-document/filing-deadline.js';
import { calendarPeriod } from './calendar-period.js';
import { CORRECTION_RULES } from './correction-rules.js';
import { officersOf, stepTime } from './facts.js';
import type { ActRuleInput, Params, RuleDefinition, RuleOutcome } from './rule.js';

/**
 * The shipped rules (规则目录). Each is declarative metadata plus pure handlers; the ids are
 * stable (alerts and settings refer to them), a changed rule is a new version with a later
 * effective date.
 */

const CATEGORY_NAMES: Record<string, string> = {
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  inspection: '行政检查',
  levy: '行政征收',
  benefit: '行政给付',
  confirmation: '行政确认',
  adjudication: '行政裁决',
  compensation: '行政补偿',
  award: '行政奖励',
};
const categoryName = (category: string) => CATEGORY_NAMES[category] ?? category;
const actLabel = (input: ActRuleInput) => `${categoryName(input.act.category)}案件 ${input.act.caseNumber || input.act.actId}`;
const actSubject = (input: ActRuleInput) => ({ type: 'act' as const, id: input.act.actId });

const EFFECTIVE_2019 = '2019-01-01';

export const officerWithoutValidCertificate: RuleDefinition = {
  id: 'officer-certificate-invalid',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'real_time',
  title: '执法人员无有效执法证',
  description: '执法环节的执法人员在该环节发生时未持有有效执法证（持证上岗、亮证执法）。',
  onAct(input) {
    const at = stepTime(input.event, input.meta);
    return [...new Set(officersOf(input.event))].flatMap((officerId): RuleOutcome[] => {
      const officer = input.officers.get(officerId);
      // An officer supervision has not heard of yet is judged when the officer's events arrive (see architecture: known debts).
      if (!officer) return [];
      const certificate = certificateAt(officer.certificateHistory, at);
      if (certificate?.valid) return [];
      const why = !certificate
        ? '尚未取得执法证'
        : certificate.status === 'valid'
          ? '执法证已过有效期'
          : { suspended: '执法证被暂扣', revoked: '执法证已注销', lost: '执法证遗失未补发' }[certificate.status];
      return [
        {
          type: 'raise',
          subjectKey: `${input.act.actId}:${officerId}`,
          subject: actSubject(input),
          agencyId: input.act.agencyId,
          level: 'red',
          evidence: [input.meta.eventId],
          message: `${actLabel(input)}：执法人员 ${officer.name}（${officerId}）在 ${chinaDayOf(at)} 执法时${why}`,
        },
      ];
    });
  },
};

export const fewerThanTwoOfficers: RuleDefinition = {
  id: 'fewer-than-two-officers',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'real_time',
  title: '执法人员不足两人',
  description: '执法环节的执法人员少于规定人数（默认 2 人，行政处罚法第四十二条）。',
  onAct(input) {
    const officers = new Set(officersOf(input.event));
    const minimum = input.params['minOfficersPerStep'] ?? 2;
    const namesOfficers = input.event.type !== 'LegalReviewCompleted' && input.event.type !== 'ActArchived' && officers.size > 0;
    if (!namesOfficers || officers.size >= minimum) return [];
    return [
      {
        type: 'raise',
        subjectKey: `${input.act.actId}:${input.meta.eventId}`,
        subject: actSubject(input),
        agencyId: input.act.agencyId,
        level: 'yellow',
        evidence: [input.meta.eventId],
        message: `${actLabel(input)}：${input.event.type} 环节只有 ${officers.size} 名执法人员，应不少于 ${minimum} 人`,
      },
    ];
  },
};

export const majorDecisionWithoutLegalReview: RuleDefinition = {
  id: 'major-decision-without-legal-review',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'real_time',
  title: '重大执法决定未经法制审核',
  description: '重大执法决定作出前没有通过的法制审核（重大执法决定法制审核制度）。',
  onAct(input) {
    if (input.event.type !== 'DecisionMade' || !input.act.major || !input.act.decision) return [];
    const review = input.act.legalReview;
    if (review?.passed && review.at.getTime() <= input.act.decision.at.getTime()) return [];
    return [
      {
        type: 'raise',
        subjectKey: input.act.actId,
        subject: actSubject(input),
        agencyId: input.act.agencyId,
        level: 'red',
        evidence: [input.meta.eventId, ...(review ? [review.eventId] : [])],
        message: `${actLabel(input)}：重大执法决定${review ? (review.passed ? '在法制审核通过前作出' : '的法制审核未通过') : '未经法制审核'}`,
      },
    ];
  },
};

export const decisionWithoutDiscretionBenchmark: RuleDefinition = {
  id: 'decision-without-discretion-benchmark',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'real_time',
  title: '处罚决定未适用裁量基准',
  description: '行政处罚决定没有载明适用的裁量基准。',
  onAct(input) {
    if (input.event.type !== 'DecisionMade' || input.act.category !== 'penalty') return [];
    if (input.event.data.discretionBenchmark.trim() !== '') return [];
    return [
      {
        type: 'raise',
        subjectKey: input.act.actId,
        subject: actSubject(input),
        agencyId: input.act.agencyId,
        level: 'yellow',
        evidence: [input.meta.eventId],
        message: `${actLabel(input)}：处罚决定未载明适用的裁量基准`,
      },
    ];
  },
};

/** Decisions are published within 7 working days (penalties, licences) or 20 (others): 行政执法公示制度. */
export const decisionNotDisclosed: RuleDefinition = {
  id: 'decision-not-disclosed',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'deadline',
  title: '执法决定未按期公示',
  description:
    '行政处罚、行政许可决定应在 7 个工作日内公示，其他执法决定在 20 个工作日内公示；公示以执法公示平台发布（DecisionPublished）为准。',
  onAct(input) {
    if (input.event.type !== 'DecisionMade' || !input.act.decision) return [];
    const short = input.act.category === 'penalty' || input.act.category === 'licensing';
    const days = short ? (input.params['disclosureWorkingDaysPenaltyLicensing'] ?? 7) : (input.params['disclosureWorkingDaysOther'] ?? 20);
    return [
      {
        type: 'start-deadline',
        subjectKey: input.act.actId,
        subject: actSubject(input),
        agencyId: input.act.agencyId,
        anchor: input.act.decision.at,
        limit: { amount: days, unit: 'working_days' },
        evidence: [input.meta.eventId],
        message: `${actLabel(input)}：决定应在作出后 ${days} 个工作日内公示`,
      },
    ];
  },
  onDisclosure(input) {
    return [{ type: 'cure', subjectKey: input.actId, curingEventId: input.meta.eventId, reason: '决定已公示' }];
  },
};

function timeLimitOf(category: string, params: Params): TimeLimit {
  if (category === 'penalty') return { amount: params['penaltyTimeLimitDays'] ?? 90, unit: 'days' };
  if (category === 'licensing') return { amount: params['licensingTimeLimitWorkingDays'] ?? 20, unit: 'working_days' };
  return { amount: params['otherTimeLimitDays'] ?? 60, unit: 'days' };
}

export const actOpenPastTimeLimit: RuleDefinition = {
  id: 'act-open-past-time-limit',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'deadline',
  title: '超期未办结',
  description: '执法行为自立案或申请起超过办理期限仍未作出决定（行政处罚 90 日，行政许可 20 个工作日，其他 60 日）。',
  onAct(input) {
    switch (input.event.type) {
      case 'ApplicationReceived':
      case 'CaseFiled': {
        const limit = timeLimitOf(input.act.category, input.params);
        const unit = limit.unit === 'working_days' ? '个工作日' : '日';
        return [
          {
            type: 'start-deadline',
            subjectKey: input.act.actId,
            subject: actSubject(input),
            agencyId: input.act.agencyId,
            anchor: input.act.openedAt,
            limit,
            evidence: [input.meta.eventId],
            message: `${actLabel(input)}：应在 ${limit.amount} ${unit}内办结`,
          },
        ];
      }
      case 'DecisionMade':
        return [{ type: 'cure', subjectKey: input.act.actId, curingEventId: input.meta.eventId, reason: '已作出决定' }];
      case 'ActClosed':
        // Closing without a decision (a decision already cured it).
        return input.act.decision
          ? []
          : [{ type: 'cure', subjectKey: input.act.actId, curingEventId: input.meta.eventId, reason: '已结案' }];
      case 'ApplicationDecidedOnAcceptance':
        return input.event.data.accepted
          ? []
          : [{ type: 'cure', subjectKey: input.act.actId, curingEventId: input.meta.eventId, reason: '不予受理' }];
      default:
        return [];
    }
  },
};

export const majorPenaltyNotFiled: RuleDefinition = {
  id: 'major-penalty-not-filed',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'deadline',
  title: '重大行政处罚未备案',
  description: '重大行政处罚决定作出后应在规定期限内报司法行政部门备案（默认 15 个工作日）。',
  onAct(input) {
    if (input.event.type === 'MajorPenaltyFiled') {
      return [{ type: 'cure', subjectKey: input.act.actId, curingEventId: input.meta.eventId, reason: '已备案' }];
    }
    if (input.event.type !== 'DecisionMade' || input.act.category !== 'penalty' || !input.act.major) return [];
    if (input.event.data.outcome !== 'penalized' || input.act.majorPenaltyFiled || !input.act.decision) return [];
    const days = input.params['majorPenaltyFilingWorkingDays'] ?? 15;
    return [
      {
        type: 'start-deadline',
        subjectKey: input.act.actId,
        subject: actSubject(input),
        agencyId: input.act.agencyId,
        anchor: input.act.decision.at,
        limit: { amount: days, unit: 'working_days' },
        evidence: [input.meta.eventId],
        message: `${actLabel(input)}：重大行政处罚决定应在 ${days} 个工作日内备案`,
      },
    ];
  },
};

export const evidenceRecordIncomplete: RuleDefinition = {
  id: 'evidence-record-incomplete',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'real_time',
  title: '音像记录要素不全',
  description: '执法全过程音像记录应载明记录人、记录时间和证明内容。',
  onAct(input) {
    if (input.event.type !== 'EvidenceCollected' || input.event.data.kind !== 'audio_video') return [];
    const data = input.event.data;
    const missing = [
      ...(data.recorder.trim() === '' ? ['记录人'] : []),
      ...(data.recordedAt === undefined ? ['记录时间'] : []),
      ...(data.proves.trim() === '' ? ['证明内容'] : []),
    ];
    if (missing.length === 0) return [];
    return [
      {
        type: 'raise',
        subjectKey: `${input.act.actId}:${data.evidenceId}`,
        subject: actSubject(input),
        agencyId: input.act.agencyId,
        level: 'yellow',
        evidence: [input.meta.eventId],
        message: `${actLabel(input)}：音像记录 ${data.evidenceId} 缺少${missing.join('、')}`,
      },
    ];
  },
};

const GAP_NAMES: Record<string, string> = {
  DELEGATION_EXPIRED: '委托期限已届满',
  DELEGATION_ENDED: '委托已终止',
  DELEGATION_NOT_STARTED: '委托尚未生效',
  DELEGATION_UNKNOWN: '委托不存在',
  ITEM_NOT_DELEGATED: '该事项不在委托范围内',
  ITEM_RETIRED: '该事项已从权责清单中取消',
  AGENCY_UNKNOWN: '委托机关不存在',
};

export const delegationGap: RuleDefinition = {
  id: 'delegation-expired-still-used',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'real_time',
  title: '委托失效后仍以委托名义执法',
  description: '乡镇（街道）在委托到期、终止或超出委托范围后仍以委托名义执法。',
  onAct(input) {
    if ((input.event.type !== 'CaseFiled' && input.event.type !== 'ApplicationReceived') || input.act.delegationGap === '') return [];
    return [
      {
        type: 'raise',
        subjectKey: input.act.actId,
        subject: actSubject(input),
        agencyId: input.act.agencyId,
        level: 'red',
        evidence: [input.meta.eventId],
        message: `${actLabel(input)}：${GAP_NAMES[input.act.delegationGap] ?? input.act.delegationGap}，仍以委托名义执法`,
      },
    ];
  },
};

export const zeroEnforcement: RuleDefinition = {
  id: 'zero-enforcement-unexplained',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'process',
  title: '零执法未说明',
  description: '执法单位在一个统计期内没有任何执法行为，且未向监督机关说明情况。',
  periodic: {
    windowOf: (day, params) => calendarPeriod(day, params['zeroEnforcementPeriodMonths'] ?? 3),
    onPeriodEnd(input) {
      return input.agencies
        .filter((agency) => agency.active && chinaDayOf(agency.registeredAt) < input.window.start)
        .filter((agency) => !input.activeAgencyIds.has(agency.agencyId) && !input.explainedAgencyIds.has(agency.agencyId))
        .map((agency): RuleOutcome => ({
          type: 'raise',
          subjectKey: `${agency.agencyId}:${input.window.key}`,
          subject: { type: 'agency', id: agency.agencyId },
          agencyId: agency.agencyId,
          level: 'yellow',
          evidence: [],
          message: `${agency.name || agency.agencyId} 在 ${input.window.key} 期间无执法记录（零执法），且未说明情况`,
        }));
    },
  },
  onExplanation(input) {
    return [
      { type: 'cure', subjectKey: `${input.agencyId}:${input.period}`, curingEventId: input.meta.eventId, reason: '已说明零执法情况' },
    ];
  },
  onAct(input) {
    // An act of the period recorded after the period's end (late or imported) cures its alert, if one was raised.
    // Only the agency's first act of a month can be the first of the period: later ones need not look.
    if ((input.event.type !== 'CaseFiled' && input.event.type !== 'ApplicationReceived') || input.agencyActiveInMonth) return [];
    const window = calendarPeriod(chinaDayOf(input.act.openedAt), input.params['zeroEnforcementPeriodMonths'] ?? 3);
    return [
      { type: 'cure', subjectKey: `${input.act.agencyId}:${window.key}`, curingEventId: input.meta.eventId, reason: '该期间已有执法记录' },
    ];
  },
};

export const trainingHoursBelowMinimum: RuleDefinition = {
  id: 'officer-training-hours-below-minimum',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'process',
  title: '执法人员年度培训学时不足',
  description: '执法人员一年的培训学时低于本县规定（默认 40 学时，部分区县 60 学时）。',
  periodic: {
    windowOf: (day) => calendarPeriod(day, 12),
    onPeriodEnd(input) {
      const year = Number(input.window.key);
      const minimum = input.params['trainingHoursPerYear'] ?? 40;
      const yearStart = `${year}-01-01`;
      return input.officers
        .filter((officer) => chinaDayOf(officer.registeredAt) < input.window.endExclusive)
        .filter((officer) => {
          // Officers whose certificate was valid at some point of the year (not revoked before it began).
          const atStart = certificateAt(officer.certificateHistory, new Date(`${yearStart}T00:00:00+08:00`));
          return atStart?.status !== 'revoked';
        })
        .filter((officer) => (officer.trainingHours.find((t) => t.year === year)?.hours ?? 0) < minimum)
        .map((officer): RuleOutcome => {
          const hours = officer.trainingHours.find((t) => t.year === year)?.hours ?? 0;
          return {
            type: 'raise',
            subjectKey: `${officer.officerId}:${year}`,
            subject: { type: 'officer', id: officer.officerId },
            agencyId: officer.agencyId,
            level: 'yellow',
            evidence: [],
            message: `执法人员 ${officer.name}（${officer.officerId}）${year} 年培训 ${hours} 学时，低于 ${minimum} 学时`,
          };
        });
    },
  },
  onOfficer(input) {
    if (input.event.type !== 'TrainingHoursRecorded') return [];
    const minimum = input.params['trainingHoursPerYear'] ?? 40;
    if (input.event.data.yearTotalHours < minimum) return [];
    return [
      {
        type: 'cure',
        subjectKey: `${input.officer.officerId}:${input.event.data.year}`,
        curingEventId: input.meta.eventId,
        reason: `年度培训学时已达 ${input.event.data.yearTotalHours}`,
      },
    ];
  },
};

const isEnterpriseInspectionOpening = (input: ActRuleInput) =>
  input.event.type === 'CaseFiled' &&
  input.act.category === 'inspection' &&
  input.act.target.enterprise &&
  input.act.target.creditCode !== '';

export const inspectionNotFiled: RuleDefinition = {
  id: 'enterprise-inspection-not-filed',
  version: 1,
  effectiveFrom: '2024-01-01',
  packId: 'enterprise-inspection',
  kind: 'real_time',
  title: '涉企检查未事先备案',
  description: '对企业的行政检查应在实施前向监督机关备案（检查备案）。',
  onAct(input) {
    if (!isEnterpriseInspectionOpening(input)) return [];
    const at = input.act.openedAt.getTime();
    const filed = (input.enterprise?.filings ?? []).some(
      (f) =>
        f.agencyId === input.act.agencyId &&
        f.creditCode === input.act.target.creditCode &&
        f.filedAt.getTime() <= at &&
        chinaDayOf(f.plannedFrom) <= chinaDayOf(input.act.openedAt) &&
        chinaDayOf(input.act.openedAt) <= chinaDayOf(f.plannedTo),
    );
    if (filed) return [];
    return [
      {
        type: 'raise',
        subjectKey: input.act.actId,
        subject: actSubject(input),
        agencyId: input.act.agencyId,
        level: 'yellow',
        evidence: [input.meta.eventId],
        message: `${actLabel(input)}：对企业 ${input.act.target.name} 的检查未事先备案`,
      },
    ];
  },
};

export const inspectionOnQuietDay: RuleDefinition = {
  id: 'enterprise-inspection-on-quiet-day',
  version: 1,
  effectiveFrom: '2024-01-01',
  packId: 'enterprise-inspection',
  kind: 'real_time',
  title: '企业宁静日实施检查',
  description: '在企业宁静日对企业实施行政检查。',
  onAct(input) {
    if (!isEnterpriseInspectionOpening(input)) return [];
    const day = chinaDayOf(input.act.openedAt);
    if (!(input.enterprise?.quietDaysOfMonth ?? []).includes(dayOfMonthOf(day))) return [];
    return [
      {
        type: 'raise',
        subjectKey: input.act.actId,
        subject: actSubject(input),
        agencyId: input.act.agencyId,
        level: 'red',
        evidence: [input.meta.eventId],
        message: `${actLabel(input)}：${day} 是企业 ${input.act.target.name} 的宁静日，不应实施检查`,
      },
    ];
  },
};

export const repeatedInspections: RuleDefinition = {
  id: 'enterprise-inspected-by-several-agencies',
  version: 1,
  effectiveFrom: '2024-01-01',
  packId: 'enterprise-inspection',
  kind: 'process',
  title: '多头重复检查',
  description: '同一企业在统计窗口内被多个单位分别检查，建议合并为“综合查一次”。',
  onAct(input) {
    if (!isEnterpriseInspectionOpening(input)) return [];
    const windowDays = input.params['repeatInspectionWindowDays'] ?? 30;
    const minAgencies = input.params['repeatInspectionMinAgencies'] ?? 2;
    const day = chinaDayOf(input.act.openedAt);
    const from = addCalendarDays(day, -windowDays);
    const inWindow = (input.enterprise?.inspections ?? []).filter((i) => {
      const d = chinaDayOf(i.at);
      return i.actId !== input.act.actId && d > from && d <= day;
    });
    const agencies = new Set([input.act.agencyId, ...inWindow.map((i) => i.agencyId)]);
    if (agencies.size < minAgencies) return [];
    const first = [...inWindow].sort((a, b) => a.at.getTime() - b.at.getTime() || a.actId.localeCompare(b.actId))[0];
    return [
      {
        type: 'raise',
        subjectKey: `${input.act.target.creditCode}:${first?.actId ?? input.act.actId}`,
        subject: { type: 'enterprise', id: input.act.target.creditCode },
        agencyId: input.act.agencyId,
        level: 'blue',
        evidence: [...inWindow.map((i) => i.eventId), input.meta.eventId],
        message: `企业 ${input.act.target.name} 在 ${windowDays} 日内被 ${agencies.size} 个单位分别检查，建议“综合查一次”`,
      },
    ];
  },
};

const BODIES = Object.keys(FILING_BODIES) as FilingBody[];
/** One deadline per filing body and filing period (the issue, or an amendment: the amended text is filed again). */
const filingKey = (document: RegisteredDocument, body: FilingBody) => `${document.documentId}@${chinaDayOf(document.filingFrom)}:${body}`;
const documentLabel = (document: RegisteredDocument) => `《${document.title}》（${document.documentNumber}）`;

/**
 * 规范性文件备案: a normative document is filed with the government and with the people's congress
 * standing committee within 30 days of its issue (自印发之日起30日内; calendar days, the day of issue
 * not counted). One deadline per body, cured by the filing (a late one too). An amendment starts
 * the 30 days again for the amended text; a document repealed or amended before its period ran
 * out needs no filing of the old text.
 */
export const normativeDocumentNotFiled: RuleDefinition = {
  id: 'normative-document-not-filed',
  version: 1,
  effectiveFrom: EFFECTIVE_2019,
  packId: 'standard',
  kind: 'deadline',
  title: '规范性文件未在30日内备案',
  description: '规范性文件应自印发之日起 30 日内分别报本级人民政府和人大常委会备案；修订后的文件自修订之日起重新计算。',
  onNormativeDocument({ event, meta, before, after }) {
    const start = (document: RegisteredDocument): RuleOutcome[] =>
      BODIES.filter((body) => !document.filings[body]).map((body) => ({
        type: 'start-deadline',
        subjectKey: filingKey(document, body),
        subject: { type: 'normative_document', id: document.documentId },
        agencyId: '',
        anchor: document.filingFrom,
        limit: { amount: FILING_PERIOD_DAYS, unit: 'days' },
        evidence: [meta.eventId],
        message: `${documentLabel(document)}：应自${document.filingFrom.getTime() === document.issuedAt.getTime() ? '印发' : '修订'}之日起 ${FILING_PERIOD_DAYS} 日内向${FILING_BODIES[body]}备案（制定机关：${document.issuer}）`,
      }));
    /** The old period's unfiled bodies, where it had not run out when the text was amended or repealed. */
    const release = (document: RegisteredDocument, at: Date, reason: string): RuleOutcome[] =>
      at.getTime() < filingDueAt(document.filingFrom).getTime()
        ? BODIES.filter((body) => !document.filings[body]).map((body) => ({
            type: 'cure',
            subjectKey: filingKey(document, body),
            curingEventId: meta.eventId,
            reason,
          }))
        : [];
    if (after.status === 'none') return [];
    switch (event.type) {
      case 'NormativeDocumentRegistered':
        return start(after);
      case 'NormativeDocumentFiled':
        return [
          {
            type: 'cure',
            subjectKey: filingKey(after, event.data.filedWith),
            curingEventId: meta.eventId,
            reason: event.data.late
              ? `已向${FILING_BODIES[event.data.filedWith]}备案（逾期）`
              : `已向${FILING_BODIES[event.data.filedWith]}备案`,
          },
        ];
      case 'NormativeDocumentCleanedUp': {
        if (before.status === 'none') return [];
        if (event.data.outcome === 'repealed') return release(before, event.data.decidedAt, '文件在备案期限届满前已废止');
        if (event.data.outcome === 'amended')
          return [...release(before, event.data.decidedAt, '文件已修订，按修订后文本重新计算备案期限'), ...start(after)];
        return [];
      }
      default:
        return [];
    }
  },
};

/** Every rule, every version. */
export const RULE_CATALOG: readonly RuleDefinition[] = [
  officerWithoutValidCertificate,
  fewerThanTwoOfficers,
  majorDecisionWithoutLegalReview,
  decisionWithoutDiscretionBenchmark,
  decisionNotDisclosed,
  actOpenPastTimeLimit,
  majorPenaltyNotFiled,
  evidenceRecordIncomplete,
  delegationGap,
  zeroEnforcement,
  trainingHoursBelowMinimum,
  inspectionNotFiled,
  inspectionOnQuietDay,
  repeatedInspections,
  normativeDocumentNotFiled,
  ...CORRECTION_RULES,
];

export { calendarPeriod };
