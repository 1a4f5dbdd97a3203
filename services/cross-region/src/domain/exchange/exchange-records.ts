import {
  actEventCodec,
  agencyEvaluationEventCodec,
  alertEventCodec,
  caseFileReviewEventCodec,
  rectificationEventCodec,
  type exchangeV1,
} from '@lesp/contracts';
import { assertNever, type EventRecord } from '@lesp/core';
import type { ExchangeKind } from './exchange-consent-decider.js';

/** What an event becomes in the exchange log: its kind and its record (coordination events travel as their envelope). */
export type ExchangeBody =
  | { readonly kind: ExchangeKind; readonly coordination: true }
  | { readonly kind: ExchangeKind; readonly act: exchangeV1.ActRecord }
  | { readonly kind: ExchangeKind; readonly decision: exchangeV1.DecisionRecord }
  | { readonly kind: ExchangeKind; readonly alert: exchangeV1.AlertRecord }
  | { readonly kind: ExchangeKind; readonly rectification: exchangeV1.RectificationRecord }
  | { readonly kind: ExchangeKind; readonly caseFileReview: exchangeV1.CaseFileReviewRecord }
  | { readonly kind: ExchangeKind; readonly evaluation: exchangeV1.EvaluationRecord };

/** Cross-region's own streams that go upward, by kind. */
const COORDINATION: Readonly<Record<string, ExchangeKind>> = {
  Agreement: 'agreements',
  CrossBorderIncident: 'incidents',
  AdministrativeAdvice: 'advice',
  JointMeeting: 'meetings',
};

const CODECS: Readonly<Record<string, { handles(eventType: string): boolean }>> = {
  'case-intake/EnforcementAct': actEventCodec,
  'supervision/Alert': alertEventCodec,
  'supervision/Rectification': rectificationEventCodec,
  'supervision/CaseFileReview': caseFileReviewEventCodec,
  'supervision/AgencyEvaluation': agencyEvaluationEventCodec,
};

/**
 * The exchange record of an event, or undefined when the event is not exchanged. Pure: it
 * decides what a county's supervision data looks like to a platform above it, and so what
 * personal data never leaves (see exchange.proto: a natural person is only a kind of party;
 * free text that may quote a party or an official is dropped).
 */
export function exchangeBodyOf(record: EventRecord): ExchangeBody | undefined {
  const key = `${record.source}/${record.aggregateType}`;
  // An event type this build does not know (a newer producer) is not exchanged rather than refused.
  const codec = CODECS[key];
  if (codec && !codec.handles(record.eventType)) return undefined;
  switch (key) {
    case 'case-intake/EnforcementAct':
      return actBody(record);
    case 'supervision/Alert':
      return { kind: 'alerts', alert: alertRecord(record) };
    case 'supervision/Rectification':
      return rectificationBody(record);
    case 'supervision/CaseFileReview':
      return { kind: 'case_file_reviews', caseFileReview: reviewRecord(record) };
    case 'supervision/AgencyEvaluation':
      return { kind: 'evaluations', evaluation: evaluationRecord(record) };
    default: {
      const kind = record.source === 'cross-region' ? COORDINATION[record.aggregateType] : undefined;
      return kind ? { kind, coordination: true } : undefined;
    }
  }
}

function actBody(record: EventRecord): ExchangeBody | undefined {
  const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  const blank = {
    actId: record.aggregateId,
    agencyId: '',
    category: '',
    caseNumber: '',
    title: '',
    itemCode: '',
    targetKind: '',
    targetName: '',
    targetCreditCode: '',
    enterprise: false,
    major: false,
    delegated: false,
    delegationGap: '',
  };
  switch (event.type) {
    case 'ApplicationReceived':
    case 'CaseFiled': {
      const o = event.data.opening;
      const target = o?.target;
      const person = target?.kind === 'natural_person';
      return {
        kind: 'enforcement_acts',
        act: {
          ...blank,
          agencyId: o?.agencyId ?? '',
          category: o?.category ?? '',
          caseNumber: o?.caseNumber ?? '',
          title: o?.title ?? '',
          itemCode: o?.itemCode ?? '',
          targetKind: target?.kind ?? '',
          // A natural person's name, ID number, phone and address never go upward.
          targetName: person ? '' : (target?.name ?? ''),
          targetCreditCode: person ? '' : (target?.creditCode ?? ''),
          enterprise: target?.enterprise ?? false,
          major: o?.major ?? false,
          delegated: (o?.delegationId ?? '') !== '',
          delegationGap: o?.delegationGap ?? '',
          step: 'opened',
        },
      };
    }
    case 'ActClosed':
      return { kind: 'enforcement_acts', act: { ...blank, step: 'closed' } };
    case 'DecisionMade': {
      const d = event.data;
      return {
        kind: 'decisions',
        decision: {
          actId: record.aggregateId,
          decisionNumber: d.decisionNumber,
          outcome: d.outcome,
          legalBasis: d.legalBasis,
          discretionBenchmark: d.discretionBenchmark,
          fineFen: d.fineFen,
          confiscationFen: d.confiscationFen,
          firstOffenceExempt: d.firstOffenceExempt,
          lighterPenalty: d.lighterPenalty,
        },
      };
    }
    case 'ApplicationDecidedOnAcceptance':
    case 'EvidenceCollected':
    case 'HearingNoticed':
    case 'HearingHeld':
    case 'LegalReviewCompleted':
    case 'DecisionServed':
    case 'ExecutionRecorded':
    case 'CourtEnforcementApplied':
    case 'ActArchived':
    case 'MajorPenaltyFiled':
    case 'CriminalReferralMade':
    case 'ReconsiderationDecided':
    case 'LitigationJudged':
      // Working steps stay in the county: the platform above gets openings, decisions and closings.
      return undefined;
    default:
      return assertNever(event, 'act event');
  }
}

function alertRecord(record: EventRecord): exchangeV1.AlertRecord {
  const event = alertEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  const base: exchangeV1.AlertRecord = {
    alertId: record.aggregateId,
    ruleId: '',
    ruleVersion: 0,
    packId: '',
    alertKind: '',
    level: '',
    agencyId: '',
    subjectType: '',
    subjectId: '',
    title: '',
    dueAt: undefined,
    status: '',
  };
  switch (event.type) {
    case 'AlertRaised': {
      const d = event.data;
      return {
        ...base,
        alertId: d.alertId,
        ruleId: d.ruleId,
        ruleVersion: d.ruleVersion,
        packId: d.packId,
        alertKind: d.kind,
        level: d.level,
        agencyId: d.agencyId,
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        title: d.title,
        dueAt: d.dueAt,
        status: 'raised',
      };
    }
    case 'AlertEscalated':
      return { ...base, level: event.data.level, status: 'escalated' };
    case 'AlertAcknowledged':
      return { ...base, status: 'acknowledged' };
    case 'AlertResolved':
      return { ...base, status: 'resolved' };
    case 'AlertDismissed':
      return { ...base, status: 'dismissed' };
    default:
      return assertNever(event, 'alert event');
  }
}

function rectificationBody(record: EventRecord): ExchangeBody | undefined {
  const event = rectificationEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  const base: exchangeV1.RectificationRecord = {
    rectificationId: record.aggregateId,
    step: '',
    agencyId: '',
    documentKind: '',
    documentNumber: '',
    deadline: undefined,
    groundKinds: [],
    alertIds: [],
    late: false,
    round: 0,
    escalationLevel: 0,
    outcome: '',
  };
  const body = (rectification: exchangeV1.RectificationRecord): ExchangeBody => ({ kind: 'rectifications', rectification });
  switch (event.type) {
    case 'RectificationNoticeIssued': {
      const d = event.data;
      return body({
        ...base,
        step: 'issued',
        agencyId: d.agencyId,
        documentKind: d.documentKind,
        documentNumber: d.documentNumber,
        deadline: d.deadline,
        groundKinds: d.grounds.map((g) => g.kind),
        alertIds: d.grounds.map((g) => g.alertId).filter((id) => id !== ''),
      });
    }
    case 'RectificationReplied':
      return body({ ...base, step: 'replied', agencyId: event.data.agencyId, late: event.data.late });
    case 'RectificationAccepted':
      return body({ ...base, step: 'accepted' });
    case 'RectificationReturned':
      return body({ ...base, step: 'returned', deadline: event.data.newDeadline, round: event.data.round });
    case 'RectificationEscalated':
      return body({
        ...base,
        step: 'escalated',
        agencyId: event.data.agencyId,
        deadline: event.data.newDeadline,
        escalationLevel: event.data.level,
      });
    case 'RectificationClosed':
      return body({ ...base, step: 'closed', outcome: event.data.outcome });
    case 'AccountabilityRecorded':
      // That accountability was recorded, never who was held accountable or how.
      return body({ ...base, step: 'accountability_recorded' });
    case 'RectificationMarkedForPublication':
      // Public disclosure's business; the closing already went upward.
      return undefined;
    default:
      return assertNever(event, 'rectification event');
  }
}

function reviewRecord(record: EventRecord): exchangeV1.CaseFileReviewRecord {
  const event = caseFileReviewEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  const base: exchangeV1.CaseFileReviewRecord = {
    reviewId: record.aggregateId,
    step: '',
    title: '',
    drawNumber: 0,
    candidateCount: 0,
    sampledFileIds: [],
    fileId: '',
    agencyId: '',
    score: 0,
    grade: '',
    problemCount: 0,
    rectificationId: '',
  };
  switch (event.type) {
    case 'CaseFileReviewOpened':
      return { ...base, step: 'opened', title: event.data.title };
    case 'CaseFileSampleDrawn':
      return {
        ...base,
        step: 'sample_drawn',
        drawNumber: event.data.drawNumber,
        candidateCount: event.data.candidateCount,
        sampledFileIds: event.data.sample.map((f) => f.fileId),
      };
    case 'CaseFileScored': {
      const d = event.data;
      return {
        ...base,
        step: 'file_scored',
        fileId: d.fileId,
        agencyId: d.agencyId,
        score: d.score,
        grade: d.grade,
        problemCount: d.problems.length,
      };
    }
    case 'CaseFileReviewSummaryPublished':
      return { ...base, step: 'summary_published', title: event.data.title };
    case 'CaseFileReviewProblemsReferred':
      return {
        ...base,
        step: 'problems_referred',
        agencyId: event.data.agencyId,
        rectificationId: event.data.rectificationId,
        problemCount: event.data.problems.length,
      };
    default:
      return assertNever(event, 'case-file review event');
  }
}

function evaluationRecord(record: EventRecord): exchangeV1.EvaluationRecord {
  const event = agencyEvaluationEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  const base: exchangeV1.EvaluationRecord = {
    evaluationId: record.aggregateId,
    step: '',
    agencyId: '',
    year: 0,
    centipoints: 0,
    grade: '',
  };
  switch (event.type) {
    case 'AgencyEvaluated':
    case 'AgencyEvaluationRevised': {
      const result = event.data.result;
      return {
        ...base,
        step: event.type === 'AgencyEvaluated' ? 'evaluated' : 'revised',
        agencyId: result?.agencyId ?? '',
        year: result?.year ?? 0,
        centipoints: result?.centipoints ?? 0,
        grade: result?.grade ?? '',
      };
    }
    case 'AgencyEvaluationPublished':
      return { ...base, step: 'published' };
    default:
      return assertNever(event, 'evaluation event');
  }
}
