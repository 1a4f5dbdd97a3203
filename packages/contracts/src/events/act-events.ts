import type { DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/case_intake/v1/act_events.js';

/** Events of the EnforcementAct aggregate (行政执法行为). */
export type ActEvent =
  | DomainEvent<'ApplicationReceived', v1.ApplicationReceived>
  | DomainEvent<'CaseFiled', v1.CaseFiled>
  | DomainEvent<'ApplicationDecidedOnAcceptance', v1.ApplicationDecidedOnAcceptance>
  | DomainEvent<'EvidenceCollected', v1.EvidenceCollected>
  | DomainEvent<'HearingNoticed', v1.HearingNoticed>
  | DomainEvent<'HearingHeld', v1.HearingHeld>
  | DomainEvent<'LegalReviewCompleted', v1.LegalReviewCompleted>
  | DomainEvent<'DecisionMade', v1.DecisionMade>
  | DomainEvent<'DecisionServed', v1.DecisionServed>
  | DomainEvent<'ExecutionRecorded', v1.ExecutionRecorded>
  | DomainEvent<'CourtEnforcementApplied', v1.CourtEnforcementApplied>
  | DomainEvent<'ActClosed', v1.ActClosed>
  | DomainEvent<'ActArchived', v1.ActArchived>
  | DomainEvent<'MajorPenaltyFiled', v1.MajorPenaltyFiled>
  | DomainEvent<'CriminalReferralMade', v1.CriminalReferralMade>
  | DomainEvent<'ReconsiderationDecided', v1.ReconsiderationDecided>
  | DomainEvent<'LitigationJudged', v1.LitigationJudged>;

export type ActEventType = ActEvent['type'];

export const actEventTable = {
  ApplicationReceived: { schemaVersion: 1, fns: v1.ApplicationReceived },
  CaseFiled: { schemaVersion: 1, fns: v1.CaseFiled },
  ApplicationDecidedOnAcceptance: { schemaVersion: 1, fns: v1.ApplicationDecidedOnAcceptance },
  EvidenceCollected: { schemaVersion: 1, fns: v1.EvidenceCollected },
  HearingNoticed: { schemaVersion: 1, fns: v1.HearingNoticed },
  HearingHeld: { schemaVersion: 1, fns: v1.HearingHeld },
  LegalReviewCompleted: { schemaVersion: 1, fns: v1.LegalReviewCompleted },
  DecisionMade: { schemaVersion: 1, fns: v1.DecisionMade },
  DecisionServed: { schemaVersion: 1, fns: v1.DecisionServed },
  ExecutionRecorded: { schemaVersion: 1, fns: v1.ExecutionRecorded },
  CourtEnforcementApplied: { schemaVersion: 1, fns: v1.CourtEnforcementApplied },
  ActClosed: { schemaVersion: 1, fns: v1.ActClosed },
  ActArchived: { schemaVersion: 1, fns: v1.ActArchived },
  MajorPenaltyFiled: { schemaVersion: 1, fns: v1.MajorPenaltyFiled },
  CriminalReferralMade: { schemaVersion: 1, fns: v1.CriminalReferralMade },
  ReconsiderationDecided: { schemaVersion: 1, fns: v1.ReconsiderationDecided },
  LitigationJudged: { schemaVersion: 1, fns: v1.LitigationJudged },
} as const;
