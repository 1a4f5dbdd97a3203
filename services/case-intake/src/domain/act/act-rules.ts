import type { actEventsV1 } from '@lesp/contracts';
import { ENFORCEMENT_CATEGORIES, isEnforcementCategory, isValidCreditCode, isValidResidentIdNumber, type Violation } from '@lesp/core';
import type { ActStep } from './act-commands.js';
import { EVIDENCE_KINDS, NAME_OFFICERS, PROCEDURES, REMEDY_OUTCOMES, SERVICE_METHODS, TARGET_KINDS } from './act-procedure.js';

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

function text(violations: Violation[], field: string, value: string, max: number, required = false): void {
  if (required && value.trim().length === 0) violations.push({ field, code: 'FIELD_REQUIRED', message: '必填' });
  else if (value.length > max) violations.push({ field, code: 'TEXT_TOO_LONG', message: `不能超过 ${max} 个字` });
}

function officers(violations: Violation[], field: string, ids: readonly string[]): void {
  if (ids.length === 0) violations.push({ field, code: 'OFFICERS_REQUIRED', message: '须列明实施该环节的执法人员' });
  if (ids.length > 20) violations.push({ field, code: 'TOO_MANY_OFFICERS', message: '执法人员不能超过 20 人' });
  if (new Set(ids).size !== ids.length) violations.push({ field, code: 'OFFICER_REPEATED', message: '执法人员重复' });
}

function amount(violations: Violation[], field: string, fen: number): void {
  if (!Number.isSafeInteger(fen) || fen < 0) violations.push({ field, code: 'AMOUNT_NEGATIVE', message: '金额（分）应为不小于 0 的整数' });
}

export function targetViolations(target: actEventsV1.ActTarget | undefined): Violation[] {
  const violations: Violation[] = [];
  if (!target) return [{ field: 'target', code: 'FIELD_REQUIRED', message: '须写明行政相对人' }];
  if (!(TARGET_KINDS as readonly string[]).includes(target.kind)) {
    violations.push({ field: 'target.kind', code: 'TARGET_KIND_UNKNOWN', message: '相对人类型应为自然人、法人或其他组织' });
  }
  text(violations, 'target.name', target.name, 200, true);
  if (target.kind === 'natural_person') {
    if (target.idNumber && !isValidResidentIdNumber(target.idNumber)) {
      violations.push({ field: 'target.idNumber', code: 'ID_NUMBER_INVALID', message: '公民身份号码应为 18 位且校验位正确（GB 11643）' });
    }
  } else if (!isValidCreditCode(target.creditCode)) {
    violations.push({
      field: 'target.creditCode',
      code: 'CREDIT_CODE_INVALID',
      message: '统一社会信用代码应为 18 位且校验位正确（GB 32100-2015）',
    });
  }
  if (target.phone && !MOBILE.test(target.phone) && !LANDLINE.test(target.phone)) {
    violations.push({ field: 'target.phone', code: 'PHONE_INVALID', message: '电话号码格式不正确' });
  }
  text(violations, 'target.address', target.address, 300);
  return violations;
}

export function openingViolations(opening: actEventsV1.ActOpening, openedBy: string): Violation[] {
  const violations: Violation[] = [];
  if (!isEnforcementCategory(opening.category)) {
    violations.push({
      field: 'category',
      code: 'CATEGORY_UNKNOWN',
      message: `执法行为类别应为：${Object.entries(ENFORCEMENT_CATEGORIES)
        .map(([code, name]) => `${code}（${name}）`)
        .join('、')}`,
    });
  } else if (!(PROCEDURES[opening.category].openedBy as readonly string[]).includes(openedBy)) {
    violations.push({
      field: 'openedBy',
      code: 'OPENING_NOT_IN_CATEGORY',
      message: `${ENFORCEMENT_CATEGORIES[opening.category]}应以${PROCEDURES[opening.category].openedBy.map((o) => (o === 'application' ? '申请' : '立案')).join('或')}开始`,
    });
  }
  text(violations, 'agencyId', opening.agencyId, 64, true);
  text(violations, 'caseNumber', opening.caseNumber, 64, true);
  text(violations, 'title', opening.title, 200, true);
  text(violations, 'itemCode', opening.itemCode, 64);
  text(violations, 'summary', opening.summary, 4000);
  text(violations, 'delegationId', opening.delegationId, 64);
  officers(violations, 'officerIds', opening.officerIds);
  violations.push(...targetViolations(opening.target));
  return violations;
}

/** Field rules of each step: what is malformed, not what is irregular (supervision's job). */
export function stepViolations(step: ActStep, category: string): Violation[] {
  const violations: Violation[] = [];
  if (NAME_OFFICERS.includes(step.type)) officers(violations, 'officerIds', (step.data as { officerIds: string[] }).officerIds);
  switch (step.type) {
    case 'ApplicationDecidedOnAcceptance':
      if (!step.data.accepted) text(violations, 'reason', step.data.reason, 2000, true);
      break;
    case 'EvidenceCollected':
      text(violations, 'evidenceId', step.data.evidenceId, 64, true);
      if (!(EVIDENCE_KINDS as readonly string[]).includes(step.data.kind)) {
        violations.push({ field: 'kind', code: 'EVIDENCE_KIND_UNKNOWN', message: `证据类型应为：${EVIDENCE_KINDS.join('、')}` });
      }
      text(violations, 'description', step.data.description, 4000, true);
      text(violations, 'recorder', step.data.recorder, 100);
      text(violations, 'proves', step.data.proves, 2000);
      break;
    case 'HearingNoticed':
    case 'HearingHeld':
      break;
    case 'LegalReviewCompleted':
      text(violations, 'reviewer', step.data.reviewer, 100, true);
      text(violations, 'opinion', step.data.opinion, 4000, true);
      break;
    case 'DecisionMade': {
      text(violations, 'decisionNumber', step.data.decisionNumber, 64, true);
      const outcomes = isEnforcementCategory(category) ? PROCEDURES[category].outcomes : [];
      if (!outcomes.includes(step.data.outcome)) {
        violations.push({ field: 'outcome', code: 'OUTCOME_NOT_IN_CATEGORY', message: `决定结果应为：${outcomes.join('、')}` });
      }
      text(violations, 'legalBasis', step.data.legalBasis, 4000, true);
      text(violations, 'discretionBenchmark', step.data.discretionBenchmark, 4000);
      amount(violations, 'fineFen', step.data.fineFen);
      amount(violations, 'confiscationFen', step.data.confiscationFen);
      if (step.data.firstOffenceExempt && step.data.fineFen > 0) {
        violations.push({ field: 'fineFen', code: 'FIRST_OFFENCE_WITH_FINE', message: '首违不罚的决定不能同时处以罚款' });
      }
      if (!['', 'lighter', 'mitigated'].includes(step.data.lighterPenalty)) {
        violations.push({
          field: 'lighterPenalty',
          code: 'LIGHTER_PENALTY_UNKNOWN',
          message: '从轻减轻情形应为空、lighter（从轻）或 mitigated（减轻）',
        });
      }
      text(violations, 'content', step.data.content, 8000);
      break;
    }
    case 'DecisionServed':
      if (!(SERVICE_METHODS as readonly string[]).includes(step.data.method)) {
        violations.push({ field: 'method', code: 'SERVICE_METHOD_UNKNOWN', message: `送达方式应为：${SERVICE_METHODS.join('、')}` });
      }
      break;
    case 'ExecutionRecorded':
      if (!['voluntary', 'enforced'].includes(step.data.how)) {
        violations.push({
          field: 'how',
          code: 'EXECUTION_KIND_UNKNOWN',
          message: '执行方式应为 voluntary（自觉履行）或 enforced（强制执行）',
        });
      }
      amount(violations, 'amountPaidFen', step.data.amountPaidFen);
      break;
    case 'CourtEnforcementApplied':
      text(violations, 'court', step.data.court, 200, true);
      break;
    case 'ActClosed':
      text(violations, 'result', step.data.result, 2000);
      break;
    case 'ActArchived':
      text(violations, 'archiveNumber', step.data.archiveNumber, 64, true);
      break;
    case 'MajorPenaltyFiled':
      text(violations, 'filingNumber', step.data.filingNumber, 64, true);
      text(violations, 'filedWith', step.data.filedWith, 200, true);
      break;
    case 'CriminalReferralMade':
      if (!['police', 'procuratorate'].includes(step.data.referredTo)) {
        violations.push({
          field: 'referredTo',
          code: 'REFERRAL_TARGET_UNKNOWN',
          message: '移送对象应为 police（公安机关）或 procuratorate（检察院）',
        });
      }
      if (!Number.isInteger(step.data.persons) || step.data.persons < 1) {
        violations.push({ field: 'persons', code: 'PERSONS_RANGE', message: '移送人数应为不小于 1 的整数' });
      }
      text(violations, 'reason', step.data.reason, 2000, true);
      break;
    case 'ReconsiderationDecided':
    case 'LitigationJudged':
      if (!(REMEDY_OUTCOMES as readonly string[]).includes(step.data.outcome)) {
        violations.push({ field: 'outcome', code: 'REMEDY_OUTCOME_UNKNOWN', message: `结果应为：${REMEDY_OUTCOMES.join('、')}` });
      }
      break;
    default: {
      const unknown: never = step;
      violations.push({ field: 'type', code: 'STEP_UNKNOWN', message: `未知环节 ${String((unknown as { type: string }).type)}` });
    }
  }
  return violations;
}
