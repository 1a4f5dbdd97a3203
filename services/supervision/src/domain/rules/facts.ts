import type { ActEvent, OfficerEvent } from '@lesp/contracts';
import { assertNever, type CertificatePeriod } from '@lesp/core';

/**
 * What supervision knows about an act, an officer and an enterprise: folded from case
 * intake's events (and supervision's own registries) and kept as plain data, so the rules
 * stay pure functions of facts.
 */

/** Identity of the event being evaluated: the evidence of an alert. */
export interface EventMeta {
  readonly eventId: string;
  readonly countyCode: string;
  readonly occurredAt: Date;
}

export interface ActFacts {
  readonly actId: string;
  readonly agencyId: string;
  readonly category: string;
  readonly caseNumber: string;
  readonly major: boolean;
  readonly delegationGap: string;
  readonly openedAt: Date;
  readonly openingEventId: string;
  readonly target: { readonly kind: string; readonly name: string; readonly creditCode: string; readonly enterprise: boolean };
  readonly legalReview?: { readonly passed: boolean; readonly at: Date; readonly eventId: string };
  readonly decision?: { readonly at: Date; readonly eventId: string; readonly outcome: string; readonly benchmark: string };
  readonly majorPenaltyFiled?: { readonly at: Date; readonly eventId: string };
  readonly closedAt?: Date;
  /** 不予受理: the act ends without a decision. */
  readonly rejected: boolean;
}

/** Folds one act event into the act's facts; undefined before the act was opened. */
export function evolveActFacts(facts: ActFacts | undefined, event: ActEvent, meta: EventMeta): ActFacts | undefined {
  if (event.type === 'ApplicationReceived' || event.type === 'CaseFiled') {
    {
      const o = event.data.opening;
      if (!o) return facts;
      return {
        actId: o.actId,
        agencyId: o.agencyId,
        category: o.category,
        caseNumber: o.caseNumber,
        major: o.major,
        delegationGap: o.delegationGap,
        openedAt: o.occurredAt ?? meta.occurredAt,
        openingEventId: meta.eventId,
        target: {
          kind: o.target?.kind ?? '',
          name: o.target?.name ?? '',
          creditCode: o.target?.creditCode ?? '',
          enterprise: o.target?.enterprise ?? false,
        },
        rejected: false,
      };
    }
  }
  if (!facts) return undefined;
  switch (event.type) {
    case 'ApplicationDecidedOnAcceptance':
      return event.data.accepted ? facts : { ...facts, rejected: true };
    case 'LegalReviewCompleted':
      return { ...facts, legalReview: { passed: event.data.passed, at: event.data.occurredAt ?? meta.occurredAt, eventId: meta.eventId } };
    case 'DecisionMade':
      return {
        ...facts,
        decision: {
          at: event.data.occurredAt ?? meta.occurredAt,
          eventId: meta.eventId,
          outcome: event.data.outcome,
          benchmark: event.data.discretionBenchmark,
        },
      };
    case 'MajorPenaltyFiled':
      return { ...facts, majorPenaltyFiled: { at: event.data.occurredAt ?? meta.occurredAt, eventId: meta.eventId } };
    case 'ActClosed':
      return { ...facts, closedAt: event.data.occurredAt ?? meta.occurredAt };
    case 'EvidenceCollected':
    case 'HearingNoticed':
    case 'HearingHeld':
    case 'DecisionServed':
    case 'ExecutionRecorded':
    case 'CourtEnforcementApplied':
    case 'ActArchived':
    case 'CriminalReferralMade':
    case 'ReconsiderationDecided':
    case 'LitigationJudged':
      return facts;
    default:
      return assertNever(event, 'act event');
  }
}

/** The officers a step names (the opening's officers for the opening). */
export function officersOf(event: ActEvent): readonly string[] {
  switch (event.type) {
    case 'ApplicationReceived':
    case 'CaseFiled':
      return event.data.opening?.officerIds ?? [];
    case 'ApplicationDecidedOnAcceptance':
    case 'EvidenceCollected':
    case 'HearingNoticed':
    case 'HearingHeld':
    case 'DecisionMade':
    case 'DecisionServed':
    case 'ExecutionRecorded':
    case 'CourtEnforcementApplied':
    case 'ActClosed':
      return event.data.officerIds;
    case 'LegalReviewCompleted':
    case 'ActArchived':
    case 'MajorPenaltyFiled':
    case 'CriminalReferralMade':
    case 'ReconsiderationDecided':
    case 'LitigationJudged':
      return [];
    default:
      return assertNever(event, 'act event');
  }
}

/** When the step happened in the world. */
export function stepTime(event: ActEvent, meta: EventMeta): Date {
  if (event.type === 'ApplicationReceived' || event.type === 'CaseFiled') return event.data.opening?.occurredAt ?? meta.occurredAt;
  return event.data.occurredAt ?? meta.occurredAt;
}

export interface OfficerFacts {
  readonly officerId: string;
  readonly agencyId: string;
  readonly name: string;
  readonly registeredAt: Date;
  readonly certificateHistory: readonly CertificatePeriod[];
  /** Hours per year (the latest year total case intake reported). */
  readonly trainingHours: readonly { readonly year: number; readonly hours: number }[];
}

export function evolveOfficerFacts(facts: OfficerFacts | undefined, event: OfficerEvent, meta: EventMeta): OfficerFacts | undefined {
  const at = ('occurredAt' in event.data ? event.data.occurredAt : undefined) ?? meta.occurredAt;
  if (event.type === 'OfficerRegistered') {
    return {
      officerId: event.data.officerId,
      agencyId: event.data.agencyId,
      name: event.data.name,
      registeredAt: at,
      certificateHistory: [
        {
          status: 'valid',
          // Registration records a certificate the officer already holds; its issue date is not
          // recorded, so it counts as valid from the start until its end of validity.
          from: new Date(0),
          certificateNumber: event.data.certificateNumber,
          ...(event.data.certificateValidUntil ? { validUntil: event.data.certificateValidUntil } : {}),
        },
      ],
      trainingHours: [],
    };
  }
  if (!facts) return undefined;
  const period = (p: CertificatePeriod): OfficerFacts => ({ ...facts, certificateHistory: [...facts.certificateHistory, p] });
  switch (event.type) {
    case 'CertificateSuspended':
      return period({ status: 'suspended', from: at });
    case 'CertificateRevoked':
      return period({ status: 'revoked', from: at });
    case 'CertificateReportedLost':
      return period({ status: 'lost', from: at });
    case 'CertificateReinstated':
      return period({ status: 'valid', from: at });
    case 'CertificateReissued':
      return period({
        status: 'valid',
        from: at,
        certificateNumber: event.data.certificateNumber,
        ...(event.data.certificateValidUntil ? { validUntil: event.data.certificateValidUntil } : {}),
      });
    case 'OfficerTransferred':
      return { ...facts, agencyId: event.data.toAgencyId };
    case 'TrainingHoursRecorded': {
      const others = facts.trainingHours.filter((t) => t.year !== event.data.year);
      return { ...facts, trainingHours: [...others, { year: event.data.year, hours: event.data.yearTotalHours }] };
    }
    case 'ExamResultRecorded':
      return facts;
    default:
      return assertNever(event, 'officer event');
  }
}

/** An enterprise inspection done (an inspection act whose target is an enterprise). */
export interface InspectionFacts {
  readonly actId: string;
  readonly agencyId: string;
  readonly creditCode: string;
  readonly at: Date;
  readonly eventId: string;
}

/** A filing of an enterprise inspection (检查备案), recorded with supervision. */
export interface FilingFacts {
  readonly filingId: string;
  readonly agencyId: string;
  readonly creditCode: string;
  readonly plannedFrom: Date;
  readonly plannedTo: Date;
  /** When the filing was made. */
  readonly filedAt: Date;
}

/** What supervision knows about the enterprise an inspection targets. */
export interface EnterpriseFacts {
  readonly filings: readonly FilingFacts[];
  readonly quietDaysOfMonth: readonly number[];
  /** Other inspections of the same enterprise (any agency), around the act's time. */
  readonly inspections: readonly InspectionFacts[];
}
