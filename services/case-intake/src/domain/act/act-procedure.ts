import type { EnforcementCategory } from '@lesp/core';
import type { ActStepType, OpenedBy } from './act-commands.js';

/**
 * Which steps each category's procedure has (《行政处罚法》《行政许可法》《行政强制法》 and
 * the procedures of the other categories). A step outside its category cannot be true.
 */
interface Procedure {
  readonly openedBy: readonly OpenedBy[];
  readonly steps: readonly ActStepType[];
  /** Decision outcomes the category knows. */
  readonly outcomes: readonly string[];
}

const CORE: readonly ActStepType[] = [
  'EvidenceCollected',
  'LegalReviewCompleted',
  'DecisionMade',
  'DecisionServed',
  'ActClosed',
  'ActArchived',
];
const ACCEPTANCE: readonly ActStepType[] = ['ApplicationDecidedOnAcceptance'];
const HEARING: readonly ActStepType[] = ['HearingNoticed', 'HearingHeld'];
const EXECUTION: readonly ActStepType[] = ['ExecutionRecorded', 'CourtEnforcementApplied'];
const REMEDIES: readonly ActStepType[] = ['ReconsiderationDecided', 'LitigationJudged'];
const GRANT = ['granted', 'partially_granted', 'denied'];

export const PROCEDURES: Record<EnforcementCategory, Procedure> = {
  licensing: { openedBy: ['application'], steps: [...CORE, ...ACCEPTANCE, ...HEARING, ...REMEDIES], outcomes: GRANT },
  penalty: {
    openedBy: ['filing'],
    steps: [...CORE, ...HEARING, ...EXECUTION, ...REMEDIES, 'MajorPenaltyFiled', 'CriminalReferralMade'],
    outcomes: ['penalized', 'no_penalty'],
  },
  coercion: {
    openedBy: ['filing'],
    steps: [...CORE, ...EXECUTION, ...REMEDIES, 'CriminalReferralMade'],
    outcomes: ['measure', 'execution', 'released'],
  },
  inspection: {
    openedBy: ['filing'],
    steps: ['EvidenceCollected', 'DecisionMade', 'DecisionServed', 'ActClosed', 'ActArchived', 'CriminalReferralMade'],
    outcomes: ['compliant', 'non_compliant'],
  },
  levy: { openedBy: ['filing', 'application'], steps: [...CORE, ...ACCEPTANCE, ...HEARING, ...EXECUTION, ...REMEDIES], outcomes: GRANT },
  benefit: { openedBy: ['application'], steps: [...CORE, ...ACCEPTANCE, ...REMEDIES], outcomes: GRANT },
  confirmation: { openedBy: ['application'], steps: [...CORE, ...ACCEPTANCE, ...REMEDIES], outcomes: GRANT },
  adjudication: { openedBy: ['application'], steps: [...CORE, ...ACCEPTANCE, ...HEARING, ...REMEDIES], outcomes: GRANT },
  compensation: { openedBy: ['application'], steps: [...CORE, ...ACCEPTANCE, ...REMEDIES], outcomes: GRANT },
  award: { openedBy: ['filing', 'application'], steps: [...CORE, ...ACCEPTANCE], outcomes: GRANT },
};

/** Steps that may still come after closing: archiving, and the outcomes of remedies. */
export const AFTER_CLOSING: readonly ActStepType[] = ['ActArchived', 'MajorPenaltyFiled', 'ReconsiderationDecided', 'LitigationJudged'];
/** Steps that may still come after archiving. */
export const AFTER_ARCHIVING: readonly ActStepType[] = ['ReconsiderationDecided', 'LitigationJudged'];
/** Steps that presuppose a decision. */
export const NEED_DECISION: readonly ActStepType[] = [
  'DecisionServed',
  'ExecutionRecorded',
  'CourtEnforcementApplied',
  'MajorPenaltyFiled',
  'ReconsiderationDecided',
  'LitigationJudged',
];
/** Steps that name their acting officers and must name at least one. */
export const NAME_OFFICERS: readonly ActStepType[] = [
  'ApplicationDecidedOnAcceptance',
  'EvidenceCollected',
  'HearingNoticed',
  'HearingHeld',
  'DecisionMade',
  'DecisionServed',
  'ExecutionRecorded',
  'CourtEnforcementApplied',
  'ActClosed',
];

export const REMEDY_OUTCOMES = ['upheld', 'revoked', 'changed', 'confirmed_illegal', 'dismissed'] as const;
export const EVIDENCE_KINDS = ['document', 'audio_video', 'physical', 'testimony', 'inspection_record', 'expert_opinion'] as const;
export const SERVICE_METHODS = ['in_person', 'mail', 'electronic', 'announcement', 'left_at_residence'] as const;
export const TARGET_KINDS = ['natural_person', 'legal_person', 'other_organization'] as const;

/** Step names in Chinese, for messages and timelines. */
export const STEP_NAMES: Record<ActStepType | 'ApplicationReceived' | 'CaseFiled', string> = {
  ApplicationReceived: '申请',
  CaseFiled: '立案',
  ApplicationDecidedOnAcceptance: '受理审查',
  EvidenceCollected: '调查取证',
  HearingNoticed: '听证告知',
  HearingHeld: '听证',
  LegalReviewCompleted: '法制审核',
  DecisionMade: '作出决定',
  DecisionServed: '送达',
  ExecutionRecorded: '执行',
  CourtEnforcementApplied: '申请法院强制执行',
  ActClosed: '结案',
  ActArchived: '归档',
  MajorPenaltyFiled: '重大行政处罚备案',
  CriminalReferralMade: '移送司法机关',
  ReconsiderationDecided: '行政复议结果',
  LitigationJudged: '行政诉讼结果',
};
