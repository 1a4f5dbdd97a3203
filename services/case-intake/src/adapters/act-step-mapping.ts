import { actEventsV1 } from '@lesp/contracts';
import type { ActStep, ActStepType } from '../domain/act/act-commands.js';

/** The step messages by step type: the generated `fromPartial` fills what a client left out. */
export const STEP_MESSAGES = {
  ApplicationDecidedOnAcceptance: actEventsV1.ApplicationDecidedOnAcceptance,
  EvidenceCollected: actEventsV1.EvidenceCollected,
  HearingNoticed: actEventsV1.HearingNoticed,
  HearingHeld: actEventsV1.HearingHeld,
  LegalReviewCompleted: actEventsV1.LegalReviewCompleted,
  DecisionMade: actEventsV1.DecisionMade,
  DecisionServed: actEventsV1.DecisionServed,
  ExecutionRecorded: actEventsV1.ExecutionRecorded,
  CourtEnforcementApplied: actEventsV1.CourtEnforcementApplied,
  ActClosed: actEventsV1.ActClosed,
  ActArchived: actEventsV1.ActArchived,
  MajorPenaltyFiled: actEventsV1.MajorPenaltyFiled,
  CriminalReferralMade: actEventsV1.CriminalReferralMade,
  ReconsiderationDecided: actEventsV1.ReconsiderationDecided,
  LitigationJudged: actEventsV1.LitigationJudged,
} as const satisfies Record<ActStepType, unknown>;

export const STEP_TYPES = Object.keys(STEP_MESSAGES) as ActStepType[];

/** The gRPC oneof field of RecordActStepRequest for each step type. */
export const STEP_FIELDS = {
  ApplicationDecidedOnAcceptance: 'acceptance',
  EvidenceCollected: 'evidence',
  HearingNoticed: 'hearingNotice',
  HearingHeld: 'hearing',
  LegalReviewCompleted: 'legalReview',
  DecisionMade: 'decision',
  DecisionServed: 'service',
  ExecutionRecorded: 'execution',
  CourtEnforcementApplied: 'courtEnforcement',
  ActClosed: 'closing',
  ActArchived: 'archiving',
  MajorPenaltyFiled: 'majorPenaltyFiling',
  CriminalReferralMade: 'criminalReferral',
  ReconsiderationDecided: 'reconsideration',
  LitigationJudged: 'litigation',
} as const satisfies Record<ActStepType, string>;

export function stepOf(type: ActStepType, data: Record<string, unknown>): ActStep {
  const message = STEP_MESSAGES[type] as { fromPartial(object: Record<string, unknown>): unknown };
  return { type, data: message.fromPartial(data) } as ActStep;
}
