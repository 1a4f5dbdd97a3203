import type { ActEvent } from '@lesp/contracts';
import { assertNever, isEnforcementCategory, type EnforcementCategory, type EventRecord } from '@lesp/core';

/**
 * One case-intake act event as statistics needs it: the event and where and when it was
 * recorded. The wiring builds it from the EventRecord (envelope) and the decoded payload.
 */
export interface ActEventEnvelope {
  readonly countyCode: string;
  /** The act's id (the stream's aggregate id). */
  readonly actId: string;
  /** Position in the act's stream: duplicates and replays carry a version already applied. */
  readonly version: number;
  /** When it happened in the world (the envelope's; the payload's own occurredAt wins when set). */
  readonly occurredAt: Date;
  /** When the platform learned it (stamped by the event store). */
  readonly recordedAt: Date;
  readonly event: ActEvent;
}

export function actEnvelopeOf(record: EventRecord, event: ActEvent): ActEventEnvelope {
  return {
    countyCode: record.countyCode,
    actId: record.aggregateId,
    version: record.version,
    occurredAt: record.occurredAt,
    recordedAt: record.recordedAt,
    event,
  };
}

/**
 * What a statistic can count, each with both its times: `at` (occurred, decides the period)
 * and `recordedAt` (known since, decides whether a report "as of" a date may see it).
 */
export type ActFact = { readonly at: Date; readonly recordedAt: Date } & (
  | { readonly kind: 'opened' }
  | { readonly kind: 'acceptance'; readonly accepted: boolean }
  | { readonly kind: 'hearing' }
  | { readonly kind: 'legalReview'; readonly passed: boolean }
  | {
      readonly kind: 'decision';
      readonly outcome: string;
      /** 罚没金额: fine plus confiscation, in fen. */
      readonly finesFen: number;
      readonly firstOffenceExempt: boolean;
      /** 从轻 or 减轻 (轻罚). */
      readonly lighter: boolean;
    }
  | { readonly kind: 'execution'; readonly enforced: boolean }
  | { readonly kind: 'courtApplication' }
  | { readonly kind: 'closed' }
  /** 装卷归档 (一案一卷). */
  | { readonly kind: 'archived' }
  /** 行政诉讼 judged: lost (revoked, changed or confirmed illegal), and whether the agency's head appeared (负责人出庭应诉). */
  | { readonly kind: 'litigation'; readonly lost: boolean; readonly headAppeared: boolean }
);

/** Outcomes of a lawsuit the agency lost (败诉): the act revoked, changed or confirmed illegal. */
export const LOST_LITIGATION_OUTCOMES: ReadonlySet<string> = new Set(['revoked', 'changed', 'confirmed_illegal']);

/**
 * Everything statistics keeps of one act: small, one per act, so a projection can store it as
 * the act's summary document (keyed by county and act, guarded by `version`) and a report is a
 * pass over the summaries of a county.
 */
export interface ActSummary {
  readonly countyCode: string;
  readonly actId: string;
  readonly agencyId: string;
  readonly category: EnforcementCategory;
  /** Last stream version applied. */
  readonly version: number;
  readonly facts: readonly ActFact[];
}

const when = (envelope: ActEventEnvelope, occurredAt: Date | undefined) => ({
  at: occurredAt ?? envelope.occurredAt,
  recordedAt: envelope.recordedAt,
});

/** The fact an event adds, if statistics counts it. */
function factOf(envelope: ActEventEnvelope): ActFact | undefined {
  const { event } = envelope;
  switch (event.type) {
    case 'ApplicationReceived':
    case 'CaseFiled':
      return { kind: 'opened', ...when(envelope, event.data.opening?.occurredAt) };
    case 'ApplicationDecidedOnAcceptance':
      return { kind: 'acceptance', accepted: event.data.accepted, ...when(envelope, event.data.occurredAt) };
    case 'HearingHeld':
      return { kind: 'hearing', ...when(envelope, event.data.occurredAt) };
    case 'LegalReviewCompleted':
      return { kind: 'legalReview', passed: event.data.passed, ...when(envelope, event.data.occurredAt) };
    case 'DecisionMade':
      return {
        kind: 'decision',
        outcome: event.data.outcome,
        finesFen: event.data.fineFen + event.data.confiscationFen,
        firstOffenceExempt: event.data.firstOffenceExempt,
        lighter: event.data.lighterPenalty !== '',
        ...when(envelope, event.data.occurredAt),
      };
    case 'ExecutionRecorded':
      return { kind: 'execution', enforced: event.data.how === 'enforced', ...when(envelope, event.data.occurredAt) };
    case 'CourtEnforcementApplied':
      return { kind: 'courtApplication', ...when(envelope, event.data.occurredAt) };
    case 'ActClosed':
      return { kind: 'closed', ...when(envelope, event.data.occurredAt) };
    case 'ActArchived':
      return { kind: 'archived', ...when(envelope, event.data.occurredAt) };
    case 'LitigationJudged':
      return {
        kind: 'litigation',
        lost: LOST_LITIGATION_OUTCOMES.has(event.data.outcome),
        headAppeared: event.data.headAppearedInCourt,
        ...when(envelope, event.data.occurredAt),
      };
    // Not in the seed-002 layout: the hearing notice (only hearings held count), evidence,
    // service, filings, referrals and reconsideration (lawsuits are kept for the yearly evaluation).
    case 'HearingNoticed':
    case 'EvidenceCollected':
    case 'DecisionServed':
    case 'MajorPenaltyFiled':
    case 'CriminalReferralMade':
    case 'ReconsiderationDecided':
      return undefined;
    default:
      return assertNever(event, 'act event');
  }
}

/**
 * Applies one act event to the act's summary. A version already applied changes nothing
 * (at-least-once delivery); a step of an act whose opening was never seen is dropped, since
 * its agency and category are unknown (the act stream always starts with its opening).
 */
export function evolveActSummary(summary: ActSummary | undefined, envelope: ActEventEnvelope): ActSummary | undefined {
  const { event } = envelope;
  if (event.type === 'ApplicationReceived' || event.type === 'CaseFiled') {
    if (summary) return summary;
    const opening = event.data.opening;
    if (!opening || !isEnforcementCategory(opening.category)) return undefined;
    const fact = factOf(envelope);
    return {
      countyCode: envelope.countyCode,
      actId: envelope.actId,
      agencyId: opening.agencyId,
      category: opening.category,
      version: envelope.version,
      facts: fact ? [fact] : [],
    };
  }
  if (!summary || envelope.version <= summary.version) return summary;
  const fact = factOf(envelope);
  return { ...summary, version: envelope.version, facts: fact ? [...summary.facts, fact] : summary.facts };
}

export const actKey = (countyCode: string, actId: string) => `${countyCode}/${actId}`;

/** Folds a batch of act events (any order across acts, stream order within one) into one summary per act. */
export function foldActEvents(envelopes: Iterable<ActEventEnvelope>): ReadonlyMap<string, ActSummary> {
  const summaries = new Map<string, ActSummary>();
  for (const envelope of envelopes) {
    const key = actKey(envelope.countyCode, envelope.actId);
    const next = evolveActSummary(summaries.get(key), envelope);
    if (next) summaries.set(key, next);
  }
  return summaries;
}
