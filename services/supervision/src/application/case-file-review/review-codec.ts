import {
  caseFileReviewDefinitionEventCodec,
  caseFileReviewEventCodec,
  type caseFileReviewV1 as v1,
  type CaseFileReviewDefinitionEventV1,
  type CaseFileReviewEventV1,
} from '@lesp/contracts';
import { assertNever, type EnforcementCategory, type EventCodec } from '@lesp/core';
import type { CaseFileReviewEvent, RecordedProblem, ReviewSummary } from '../../domain/case-file-review/case-file-review-events.js';
import type { Checklist, FileGrade, ItemAssessment } from '../../domain/case-file-review/checklist.js';
import type { ReviewDefinitionEvent, RoundCriteria } from '../../domain/case-file-review/review-definition.js';
import type { ReviewRecurrence } from '../../domain/case-file-review/review-schedule.js';
import type { SampleCriteria, SampledFile, SampleSize } from '../../domain/case-file-review/sample.js';
import type { SupervisionForm } from '../../domain/shared/supervision-forms.js';
import type { Period } from '../../domain/shared/text-rules.js';

/**
 * The case-file review's domain events ↔ their protobuf messages. Unions (sample size,
 * recurrence, item assessment) travel flattened as a kind and its fields; optional ids as
 * empty strings / 0. Decoding gives back exactly what was encoded (see the codec unit test).
 */
const EPOCH = new Date(0);

export const periodToProto = (p: Period): v1.ReviewPeriod => ({ from: p.from, to: p.to });
export const periodFromProto = (p: v1.ReviewPeriod | undefined): Period => ({ from: p?.from ?? EPOCH, to: p?.to ?? EPOCH });

export function sizeToProto(size: SampleSize): v1.SampleSize {
  switch (size.kind) {
    case 'per_agency':
    case 'total':
      return { kind: size.kind, count: size.count, share: 0, counts: [] };
    case 'share':
      return { kind: 'share', count: 0, share: size.share, counts: [] };
    case 'per_category':
      return { kind: 'per_category', count: 0, share: 0, counts: size.counts.map((c) => ({ category: c.category, count: c.count })) };
    default:
      return assertNever(size, 'sample size');
  }
}

export function sizeFromProto(size: v1.SampleSize | undefined): SampleSize {
  switch (size?.kind) {
    case 'per_agency':
    case 'total':
      return { kind: size.kind, count: size.count };
    case 'share':
      return { kind: 'share', share: size.share };
    case 'per_category':
      return { kind: 'per_category', counts: size.counts.map((c) => ({ category: c.category as EnforcementCategory, count: c.count })) };
    default:
      // An unknown kind is kept as is, for the decider to refuse with its field and rule.
      return { kind: (size?.kind ?? '') as 'total', count: size?.count ?? 0 };
  }
}

export function criteriaToProto(c: RoundCriteria & { period?: Period }): v1.SampleCriteria {
  return {
    period: c.period ? periodToProto(c.period) : undefined,
    agencyIds: [...c.agencyIds],
    categories: [...c.categories],
    size: sizeToProto(c.size),
    minEnterpriseShare: c.minEnterpriseShare,
  };
}

export function roundCriteriaFromProto(c: v1.SampleCriteria | undefined): RoundCriteria {
  return {
    agencyIds: [...(c?.agencyIds ?? [])],
    categories: [...(c?.categories ?? [])] as EnforcementCategory[],
    size: sizeFromProto(c?.size),
    minEnterpriseShare: c?.minEnterpriseShare ?? 0,
  };
}

export const criteriaFromProto = (c: v1.SampleCriteria | undefined): SampleCriteria => ({
  ...roundCriteriaFromProto(c),
  period: periodFromProto(c?.period),
});

export const checklistToProto = (c: Checklist): v1.Checklist => ({
  version: c.version,
  items: c.items.map((i) => ({ ...i })),
  passScore: c.passScore,
  excellentScore: c.excellentScore,
});
export const checklistFromProto = (c: v1.Checklist | undefined): Checklist => ({
  version: c?.version ?? '',
  items: (c?.items ?? []).map((i) => ({ code: i.code, name: i.name, weight: i.weight, veto: i.veto })),
  passScore: c?.passScore ?? 0,
  excellentScore: c?.excellentScore ?? 0,
});

export function recurrenceToProto(r: ReviewRecurrence): v1.ReviewRecurrence {
  return r.kind === 'once'
    ? { kind: 'once', period: periodToProto(r.period), months: 0, firstMonth: '', lastMonth: '' }
    : { kind: 'every', period: undefined, months: r.months, firstMonth: r.firstMonth, lastMonth: r.lastMonth ?? '' };
}
export function recurrenceFromProto(r: v1.ReviewRecurrence | undefined): ReviewRecurrence {
  if (r?.kind === 'once') return { kind: 'once', period: periodFromProto(r.period) };
  return {
    kind: 'every',
    months: (r?.months ?? 0) as 1,
    firstMonth: r?.firstMonth ?? '',
    ...(r?.lastMonth ? { lastMonth: r.lastMonth } : {}),
  };
}

export const assessmentToProto = (a: ItemAssessment): v1.ItemAssessment =>
  'points' in a
    ? { itemCode: a.itemCode, kind: 'points', points: a.points, breached: false }
    : { itemCode: a.itemCode, kind: 'breach', points: 0, breached: a.breached };
export const assessmentFromProto = (a: v1.ItemAssessment): ItemAssessment =>
  a.kind === 'breach' ? { itemCode: a.itemCode, breached: a.breached } : { itemCode: a.itemCode, points: a.points };

const fileToProto = (f: SampledFile): v1.SampledFile => ({
  fileId: f.fileId,
  agencyId: f.agencyId,
  category: f.category,
  enterprise: f.enterprise,
});
const fileFromProto = (f: v1.SampledFile): SampledFile => ({
  fileId: f.fileId,
  agencyId: f.agencyId,
  category: f.category as EnforcementCategory,
  enterprise: f.enterprise,
});
const problemOf = (p: RecordedProblem): v1.RecordedProblem => ({ ...p });

function summaryToProto(s: ReviewSummary): v1.ReviewSummary {
  return {
    ...s,
    byCategory: s.byCategory.map((c) => ({ ...c })),
    byAgency: s.byAgency.map((a) => ({ ...a })),
    problemsByItem: s.problemsByItem.map((p) => ({ ...p })),
  };
}
export function summaryFromProto(s: v1.ReviewSummary | undefined): ReviewSummary {
  return {
    filesReviewed: s?.filesReviewed ?? 0,
    enterpriseFiles: s?.enterpriseFiles ?? 0,
    enterpriseSharePercent: s?.enterpriseSharePercent ?? 0,
    byCategory: (s?.byCategory ?? []).map((c) => ({ category: c.category as EnforcementCategory, files: c.files })),
    averageScore: s?.averageScore ?? 0,
    excellent: s?.excellent ?? 0,
    qualified: s?.qualified ?? 0,
    unqualified: s?.unqualified ?? 0,
    byAgency: (s?.byAgency ?? []).map((a) => ({ ...a })),
    problemsByItem: (s?.problemsByItem ?? []).map((p) => ({ ...p })),
  };
}

const form = (value: string) => value as SupervisionForm;

export function reviewEventToProto(event: CaseFileReviewEvent): CaseFileReviewEventV1 {
  switch (event.type) {
    case 'CaseFileReviewOpened': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          reviewId: d.reviewId,
          countyCode: d.countyCode,
          title: d.title,
          supervisionForm: d.supervisionForm,
          criteria: criteriaToProto(d.criteria),
          checklist: checklistToProto(d.checklist),
          definitionId: d.definitionId ?? '',
          roundNumber: d.roundNumber ?? 0,
          openedBy: d.openedBy,
          openedAt: d.openedAt,
        },
      };
    }
    case 'CaseFileSampleDrawn': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          reviewId: d.reviewId,
          drawNumber: d.drawNumber,
          seed: d.seed,
          algorithm: d.algorithm,
          candidateCount: d.candidateCount,
          candidatesDigest: d.candidatesDigest,
          candidatesInline: d.candidates !== undefined,
          candidates: (d.candidates ?? []).map(fileToProto),
          sample: d.sample.map(fileToProto),
          redrawReason: d.redrawReason ?? '',
          drawnBy: d.drawnBy,
          drawnAt: d.drawnAt,
        },
      };
    }
    case 'CaseFileScored': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          ...d,
          assessments: d.assessments.map(assessmentToProto),
          vetoedBy: [...d.vetoedBy],
          problems: d.problems.map(problemOf),
        },
      };
    }
    case 'CaseFileReviewSummaryPublished':
      return { type: event.type, data: { ...event.data, summary: summaryToProto(event.data.summary) } };
    case 'CaseFileReviewProblemsReferred':
      return { type: event.type, data: { ...event.data, problems: event.data.problems.map(problemOf) } };
    default:
      return assertNever(event, 'case-file review event');
  }
}

export function reviewEventFromProto(event: CaseFileReviewEventV1): CaseFileReviewEvent {
  switch (event.type) {
    case 'CaseFileReviewOpened': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          reviewId: d.reviewId,
          countyCode: d.countyCode,
          title: d.title,
          supervisionForm: form(d.supervisionForm),
          criteria: criteriaFromProto(d.criteria),
          checklist: checklistFromProto(d.checklist),
          ...(d.definitionId ? { definitionId: d.definitionId } : {}),
          ...(d.roundNumber ? { roundNumber: d.roundNumber } : {}),
          openedBy: d.openedBy,
          openedAt: d.openedAt ?? EPOCH,
        },
      };
    }
    case 'CaseFileSampleDrawn': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          reviewId: d.reviewId,
          drawNumber: d.drawNumber,
          seed: d.seed,
          algorithm: d.algorithm,
          candidateCount: d.candidateCount,
          candidatesDigest: d.candidatesDigest,
          ...(d.candidatesInline ? { candidates: d.candidates.map(fileFromProto) } : {}),
          sample: d.sample.map(fileFromProto),
          ...(d.redrawReason ? { redrawReason: d.redrawReason } : {}),
          drawnBy: d.drawnBy,
          drawnAt: d.drawnAt ?? EPOCH,
        },
      };
    }
    case 'CaseFileScored': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          reviewId: d.reviewId,
          fileId: d.fileId,
          agencyId: d.agencyId,
          checklistVersion: d.checklistVersion,
          assessments: d.assessments.map(assessmentFromProto),
          score: d.score,
          vetoedBy: [...d.vetoedBy],
          grade: d.grade as FileGrade,
          problems: d.problems.map((p) => ({ ...p })),
          reviewerId: d.reviewerId,
          scoredAt: d.scoredAt ?? EPOCH,
        },
      };
    }
    case 'CaseFileReviewSummaryPublished': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          reviewId: d.reviewId,
          countyCode: d.countyCode,
          title: d.title,
          summary: summaryFromProto(d.summary),
          conclusion: d.conclusion,
          publishedBy: d.publishedBy,
          publishedAt: d.publishedAt ?? EPOCH,
        },
      };
    }
    case 'CaseFileReviewProblemsReferred': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          reviewId: d.reviewId,
          agencyId: d.agencyId,
          rectificationId: d.rectificationId,
          problems: d.problems.map((p) => ({ ...p })),
          referredAt: d.referredAt ?? EPOCH,
        },
      };
    }
    default:
      return assertNever(event, 'case-file review event');
  }
}

export function definitionEventToProto(event: ReviewDefinitionEvent): CaseFileReviewDefinitionEventV1 {
  switch (event.type) {
    case 'CaseFileReviewDefined': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          ...d,
          recurrence: recurrenceToProto(d.recurrence),
          criteria: criteriaToProto(d.criteria),
          checklist: checklistToProto(d.checklist),
        },
      };
    }
    case 'CaseFileReviewRoundScheduled': {
      const d = event.data;
      return { type: event.type, data: { ...d, criteria: criteriaToProto(d.criteria), checklist: checklistToProto(d.checklist) } };
    }
    case 'CaseFileReviewDefinitionRetired':
      return { type: event.type, data: { ...event.data } };
    default:
      return assertNever(event, 'review definition event');
  }
}

export function definitionEventFromProto(event: CaseFileReviewDefinitionEventV1): ReviewDefinitionEvent {
  switch (event.type) {
    case 'CaseFileReviewDefined': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          definitionId: d.definitionId,
          countyCode: d.countyCode,
          title: d.title,
          supervisionForm: form(d.supervisionForm),
          recurrence: recurrenceFromProto(d.recurrence),
          criteria: roundCriteriaFromProto(d.criteria),
          checklist: checklistFromProto(d.checklist),
          definedBy: d.definedBy,
          definedAt: d.definedAt ?? EPOCH,
        },
      };
    }
    case 'CaseFileReviewRoundScheduled': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          definitionId: d.definitionId,
          countyCode: d.countyCode,
          reviewId: d.reviewId,
          roundNumber: d.roundNumber,
          title: d.title,
          supervisionForm: form(d.supervisionForm),
          criteria: criteriaFromProto(d.criteria),
          checklist: checklistFromProto(d.checklist),
          scheduledAt: d.scheduledAt ?? EPOCH,
        },
      };
    }
    case 'CaseFileReviewDefinitionRetired': {
      const d = event.data;
      return { type: event.type, data: { definitionId: d.definitionId, reason: d.reason, retiredAt: d.retiredAt ?? EPOCH } };
    }
    default:
      return assertNever(event, 'review definition event');
  }
}

/** Wraps a protobuf codec with the domain ↔ proto mapping. */
function mapped<D extends { type: string }, P extends { type: string }>(
  inner: EventCodec<P & { data: unknown }>,
  toProto: (event: D) => P,
  fromProto: (event: P) => D,
): EventCodec<D & { data: unknown }> {
  return {
    eventTypes: inner.eventTypes as unknown as (D & { data: unknown })['type'][],
    handles: (eventType) => inner.handles(eventType),
    encode: (event) => inner.encode(toProto(event) as P & { data: unknown }),
    decode: (eventType, schemaVersion, payload) => fromProto(inner.decode(eventType, schemaVersion, payload)) as D & { data: unknown },
  };
}

export const caseFileReviewCodec = mapped<CaseFileReviewEvent, CaseFileReviewEventV1>(
  caseFileReviewEventCodec,
  reviewEventToProto,
  reviewEventFromProto,
) as unknown as EventCodec<CaseFileReviewEvent>;

export const reviewDefinitionCodec = mapped<ReviewDefinitionEvent, CaseFileReviewDefinitionEventV1>(
  caseFileReviewDefinitionEventCodec,
  definitionEventToProto,
  definitionEventFromProto,
) as unknown as EventCodec<ReviewDefinitionEvent>;
