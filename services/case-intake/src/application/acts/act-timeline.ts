import { actEventCodec } from '@lesp/contracts';
import { ENFORCEMENT_CATEGORIES, assertNever, isEnforcementCategory, type EventRecord } from '@lesp/core';
import { STEP_NAMES } from '../../domain/act/act-procedure.js';

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

/** A short Chinese line for one step of an act's timeline, and who acted. */
export function describeStep(record: EventRecord): { summary: string; officerIds: string[]; agencyId?: string } {
  const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  const name = STEP_NAMES[event.type];
  switch (event.type) {
    case 'ApplicationReceived':
    case 'CaseFiled': {
      const o = event.data.opening;
      const category = o && isEnforcementCategory(o.category) ? ENFORCEMENT_CATEGORIES[o.category] : '';
      return {
        summary: `${name}：${category}「${o?.title ?? ''}」（${o?.caseNumber ?? ''}）`,
        officerIds: o?.officerIds ?? [],
        ...(o ? { agencyId: o.agencyId } : {}),
      };
    }
    case 'ApplicationDecidedOnAcceptance':
      return { summary: event.data.accepted ? '受理' : `不予受理：${event.data.reason}`, officerIds: event.data.officerIds };
    case 'EvidenceCollected':
      return { summary: `${name}：${event.data.description}`, officerIds: event.data.officerIds };
    case 'HearingNoticed':
    case 'HearingHeld':
    case 'DecisionServed':
    case 'CourtEnforcementApplied':
      return { summary: name, officerIds: event.data.officerIds };
    case 'LegalReviewCompleted':
      return { summary: `${name}${event.data.passed ? '通过' : '未通过'}：${event.data.opinion}`, officerIds: [] };
    case 'DecisionMade':
      return {
        summary: `${name}（${event.data.decisionNumber}）${event.data.fineFen > 0 ? `，罚款 ${yuan(event.data.fineFen)}` : ''}${event.data.firstOffenceExempt ? '，首违不罚' : ''}`,
        officerIds: event.data.officerIds,
      };
    case 'ExecutionRecorded':
      return {
        summary: `${name}：${event.data.how === 'voluntary' ? '自觉履行' : '强制执行'}${event.data.amountPaidFen > 0 ? ` ${yuan(event.data.amountPaidFen)}` : ''}`,
        officerIds: event.data.officerIds,
      };
    case 'ActClosed':
      return { summary: `${name}${event.data.result ? `：${event.data.result}` : ''}`, officerIds: event.data.officerIds };
    case 'ActArchived':
      return { summary: `${name}（${event.data.archiveNumber}）`, officerIds: [] };
    case 'MajorPenaltyFiled':
      return { summary: `${name}（${event.data.filedWith}）`, officerIds: [] };
    case 'CriminalReferralMade':
      return { summary: `${name}：${event.data.persons} 人`, officerIds: [] };
    case 'ReconsiderationDecided':
    case 'LitigationJudged':
      return { summary: `${name}：${event.data.outcome}`, officerIds: [] };
    default:
      return assertNever(event, 'act event');
  }
}
