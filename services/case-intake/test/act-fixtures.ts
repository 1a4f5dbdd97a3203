import type { actEventsV1 } from '@lesp/contracts';
import type { ActStep, ActStepType } from '../src/domain/act/act-commands.js';

export const at = (day: number, hour = 9) => new Date(Date.UTC(2023, 2, day, hour));
const officers = ['o-1', 'o-2'];

export function opening(category: string, overrides: Partial<actEventsV1.ActOpening> = {}): actEventsV1.ActOpening {
  return {
    actId: 'act-1',
    agencyId: 'scjgj',
    category,
    caseNumber: '冷市监罚〔2023〕12号',
    title: '某商行销售过期食品案',
    itemCode: 'XZCF-001',
    target: {
      kind: 'legal_person',
      name: '冷水滩区某商行',
      idNumber: '',
      creditCode: '91350100M000100Y43',
      phone: '',
      address: '',
      enterprise: true,
    },
    major: false,
    delegationId: '',
    officerIds: officers,
    occurredAt: at(1),
    summary: '',
    delegationGap: '',
    ...overrides,
  };
}

/** A valid step of each kind, happening on the given day. */
export function step(type: ActStepType, day = 2, overrides: Record<string, unknown> = {}): ActStep {
  const occurredAt = at(day);
  const data: Record<ActStepType, object> = {
    ApplicationDecidedOnAcceptance: { accepted: true, reason: '', officerIds: officers, occurredAt },
    EvidenceCollected: {
      evidenceId: `ev-${day}`,
      kind: 'audio_video',
      description: '现场执法记录仪视频',
      recorder: 'o-1',
      recordedAt: occurredAt,
      proves: '货架上存放过期食品',
      officerIds: officers,
      occurredAt,
    },
    HearingNoticed: { officerIds: officers, occurredAt, requestDeadline: at(day + 3) },
    HearingHeld: { officerIds: officers, occurredAt, presidingOfficer: 'o-3', summary: '当事人陈述申辩' },
    LegalReviewCompleted: { reviewer: '法制审核员甲', opinion: '事实清楚，证据确凿，同意', passed: true, occurredAt },
    DecisionMade: {
      decisionNumber: '冷市监罚决〔2023〕12号',
      outcome: 'penalized',
      legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
      discretionBenchmark: '食品安全行政处罚裁量基准第3条',
      fineFen: 500000,
      confiscationFen: 0,
      firstOffenceExempt: false,
      lighterPenalty: '',
      content: '罚款五千元',
      officerIds: officers,
      occurredAt,
    },
    DecisionServed: { method: 'in_person', officerIds: officers, occurredAt },
    ExecutionRecorded: { how: 'voluntary', amountPaidFen: 500000, officerIds: officers, occurredAt },
    CourtEnforcementApplied: { court: '冷水滩区人民法院', officerIds: officers, occurredAt },
    ActClosed: { result: '已履行', officerIds: officers, occurredAt },
    ActArchived: { archiveNumber: 'GD-2023-012', occurredAt },
    MajorPenaltyFiled: { filingNumber: 'BA-2023-3', filedWith: '冷水滩区司法局', occurredAt },
    CriminalReferralMade: { referredTo: 'police', persons: 2, reason: '涉嫌生产销售伪劣产品罪', occurredAt },
    ReconsiderationDecided: { body: '永州市人民政府', outcome: 'upheld', occurredAt },
    LitigationJudged: { court: '冷水滩区人民法院', outcome: 'upheld', headAppearedInCourt: true, occurredAt },
  };
  return { type, data: { ...data[type], ...overrides } } as unknown as ActStep;
}

/** A decision outcome the category knows. */
export function outcomeFor(category: string): string {
  return (
    ({ licensing: 'granted', penalty: 'penalized', coercion: 'measure', inspection: 'compliant' } as Record<string, string>)[category] ??
    'granted'
  );
}
