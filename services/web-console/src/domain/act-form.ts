import { ENFORCEMENT_CATEGORIES, isEnforcementCategory, isValidCreditCode, isValidResidentIdNumber, type Violation } from '@lesp/core';

/**
 * The act forms' rules, mirroring case intake's (services/case-intake/src/domain/act/act-rules.ts):
 * what is malformed is refused on the field before the call; what is irregular (one officer,
 * an officer without a valid certificate) is recorded, for supervision to catch. Case intake
 * checks again; its violations come back on the same field names.
 */
export interface ActOpeningForm {
  readonly actId?: string;
  readonly openedBy: string;
  readonly category: string;
  readonly caseNumber: string;
  readonly title: string;
  readonly itemCode?: string;
  readonly major?: boolean;
  readonly officerIds: readonly string[];
  readonly occurredAt: string;
  readonly summary?: string;
  readonly target: {
    readonly kind: string;
    readonly name: string;
    readonly idNumber?: string;
    readonly creditCode?: string;
    readonly phone?: string;
    readonly address?: string;
    readonly enterprise?: boolean;
  };
}

export const STEP_TYPES = [
  'ApplicationDecidedOnAcceptance',
  'EvidenceCollected',
  'HearingNoticed',
  'HearingHeld',
  'LegalReviewCompleted',
  'DecisionMade',
  'DecisionServed',
  'ExecutionRecorded',
  'ActClosed',
  'ActArchived',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

export const STEP_NAMES: Record<StepType, string> = {
  ApplicationDecidedOnAcceptance: '受理审查',
  EvidenceCollected: '调查取证',
  HearingNoticed: '听证告知',
  HearingHeld: '听证',
  LegalReviewCompleted: '法制审核',
  DecisionMade: '作出决定',
  DecisionServed: '送达',
  ExecutionRecorded: '执行',
  ActClosed: '结案',
  ActArchived: '归档',
};

export interface ActStepForm {
  readonly type: string;
  readonly occurredAt: string;
  readonly officerIds?: readonly string[];
  readonly [field: string]: unknown;
}

/** Which way each category opens, and the decision outcomes it knows (as case intake's PROCEDURES). */
export const OPENED_BY: Record<string, readonly ('application' | 'filing')[]> = {
  licensing: ['application'],
  penalty: ['filing'],
  coercion: ['filing'],
  inspection: ['filing'],
  levy: ['filing', 'application'],
  benefit: ['application'],
  confirmation: ['application'],
  adjudication: ['application'],
  compensation: ['application'],
  award: ['filing', 'application'],
};
const GRANT = ['granted', 'partially_granted', 'denied'];
export const OUTCOMES: Record<string, readonly string[]> = {
  licensing: GRANT,
  penalty: ['penalized', 'no_penalty'],
  coercion: ['measure', 'execution', 'released'],
  inspection: ['compliant', 'non_compliant'],
  levy: GRANT,
  benefit: GRANT,
  confirmation: GRANT,
  adjudication: GRANT,
  compensation: GRANT,
  award: GRANT,
};
export const EVIDENCE_KINDS = ['document', 'audio_video', 'physical', 'testimony', 'inspection_record', 'expert_opinion'] as const;
export const SERVICE_METHODS = ['in_person', 'mail', 'electronic', 'announcement', 'left_at_residence'] as const;
export const TARGET_KINDS = ['natural_person', 'legal_person', 'other_organization'] as const;
const NAME_OFFICERS: readonly string[] = [
  'ApplicationDecidedOnAcceptance',
  'EvidenceCollected',
  'HearingNoticed',
  'HearingHeld',
  'DecisionMade',
  'DecisionServed',
  'ExecutionRecorded',
  'ActClosed',
];
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

function text(violations: Violation[], field: string, value: unknown, max: number, required = false): void {
  const s = typeof value === 'string' ? value : '';
  if (required && s.trim().length === 0) violations.push({ field, code: 'FIELD_REQUIRED', message: '必填' });
  else if (s.length > max) violations.push({ field, code: 'TEXT_TOO_LONG', message: `不能超过 ${max} 个字` });
}

function officers(violations: Violation[], field: string, ids: readonly string[] | undefined): void {
  const list = ids ?? [];
  if (list.length === 0) violations.push({ field, code: 'OFFICERS_REQUIRED', message: '须列明实施该环节的执法人员' });
  if (list.length > 20) violations.push({ field, code: 'TOO_MANY_OFFICERS', message: '执法人员不能超过 20 人' });
  if (new Set(list).size !== list.length) violations.push({ field, code: 'OFFICER_REPEATED', message: '执法人员重复' });
}

function instant(violations: Violation[], field: string, value: unknown, now: Date): void {
  const at = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) violations.push({ field, code: 'TIME_INVALID', message: '请填写正确的时间' });
  else if (at.getTime() > now.getTime() + 5 * 60_000) violations.push({ field, code: 'TIME_IN_FUTURE', message: '时间不能晚于现在' });
}

/** Fen from a yuan amount the clerk typed ("5000", "12.5"): refused unless a non-negative amount with at most two decimals. */
export function fenOf(yuan: unknown): number | undefined {
  if (yuan === undefined || yuan === null || yuan === '') return 0;
  const s = String(yuan).trim();
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(s)) return undefined;
  const [whole, fraction = ''] = s.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function amount(violations: Violation[], field: string, yuan: unknown): number {
  const fen = fenOf(yuan);
  if (fen === undefined) {
    violations.push({ field, code: 'AMOUNT_NEGATIVE', message: '金额应为不小于 0 的数，最多两位小数' });
    return 0;
  }
  return fen;
}

export function openingViolations(form: ActOpeningForm, now = new Date()): Violation[] {
  const violations: Violation[] = [];
  if (!isEnforcementCategory(form.category)) {
    violations.push({
      field: 'category',
      code: 'CATEGORY_UNKNOWN',
      message: `执法行为类别应为：${Object.values(ENFORCEMENT_CATEGORIES).join('、')}`,
    });
  } else if (!(OPENED_BY[form.category] ?? []).includes(form.openedBy as 'application')) {
    violations.push({
      field: 'openedBy',
      code: 'OPENING_NOT_IN_CATEGORY',
      message: `${ENFORCEMENT_CATEGORIES[form.category]}应以${(OPENED_BY[form.category] ?? []).map((o) => (o === 'application' ? '申请' : '立案')).join('或')}开始`,
    });
  }
  text(violations, 'caseNumber', form.caseNumber, 64, true);
  text(violations, 'title', form.title, 200, true);
  text(violations, 'itemCode', form.itemCode, 64);
  text(violations, 'summary', form.summary, 4000);
  officers(violations, 'officerIds', form.officerIds);
  instant(violations, 'occurredAt', form.occurredAt, now);
  const target = form.target;
  if (!(TARGET_KINDS as readonly string[]).includes(target?.kind ?? '')) {
    violations.push({ field: 'target.kind', code: 'TARGET_KIND_UNKNOWN', message: '相对人类型应为自然人、法人或其他组织' });
  }
  text(violations, 'target.name', target?.name, 200, true);
  if (target?.kind === 'natural_person') {
    if (target.idNumber && !isValidResidentIdNumber(target.idNumber)) {
      violations.push({ field: 'target.idNumber', code: 'ID_NUMBER_INVALID', message: '公民身份号码应为 18 位且校验位正确（GB 11643）' });
    }
  } else if (!isValidCreditCode(target?.creditCode ?? '')) {
    violations.push({
      field: 'target.creditCode',
      code: 'CREDIT_CODE_INVALID',
      message: '统一社会信用代码应为 18 位且校验位正确（GB 32100-2015）',
    });
  }
  if (target?.phone && !MOBILE.test(target.phone) && !LANDLINE.test(target.phone)) {
    violations.push({ field: 'target.phone', code: 'PHONE_INVALID', message: '电话号码格式不正确' });
  }
  text(violations, 'target.address', target?.address, 300);
  return violations;
}

/** The step's violations and, when there are none, its fields as case intake takes them (amounts in fen). */
export function checkStep(
  form: ActStepForm,
  category: string,
  now = new Date(),
): { violations: Violation[]; fields: Record<string, unknown> } {
  const violations: Violation[] = [];
  const fields: Record<string, unknown> = {};
  if (!(STEP_TYPES as readonly string[]).includes(form.type)) {
    return { violations: [{ field: 'type', code: 'STEP_UNKNOWN', message: '请选择办理环节' }], fields };
  }
  if (NAME_OFFICERS.includes(form.type)) officers(violations, 'officerIds', form.officerIds);
  instant(violations, 'occurredAt', form.occurredAt, now);
  switch (form.type as StepType) {
    case 'ApplicationDecidedOnAcceptance':
      if (form['accepted'] !== true) text(violations, 'reason', form['reason'], 2000, true);
      break;
    case 'EvidenceCollected':
      text(violations, 'evidenceId', form['evidenceId'], 64, true);
      if (!(EVIDENCE_KINDS as readonly string[]).includes(String(form['kind'] ?? ''))) {
        violations.push({ field: 'kind', code: 'EVIDENCE_KIND_UNKNOWN', message: '请选择证据类型' });
      }
      text(violations, 'description', form['description'], 4000, true);
      text(violations, 'recorder', form['recorder'], 100);
      text(violations, 'proves', form['proves'], 2000);
      break;
    case 'LegalReviewCompleted':
      text(violations, 'reviewer', form['reviewer'], 100, true);
      text(violations, 'opinion', form['opinion'], 4000, true);
      break;
    case 'DecisionMade': {
      text(violations, 'decisionNumber', form['decisionNumber'], 64, true);
      const outcomes = OUTCOMES[category] ?? [];
      if (!outcomes.includes(String(form['outcome'] ?? ''))) {
        violations.push({ field: 'outcome', code: 'OUTCOME_NOT_IN_CATEGORY', message: `决定结果应为：${outcomes.join('、')}` });
      }
      text(violations, 'legalBasis', form['legalBasis'], 4000, true);
      text(violations, 'discretionBenchmark', form['discretionBenchmark'], 4000);
      fields['fineFen'] = amount(violations, 'fineYuan', form['fineYuan']);
      fields['confiscationFen'] = amount(violations, 'confiscationYuan', form['confiscationYuan']);
      if (form['firstOffenceExempt'] === true && (fields['fineFen'] as number) > 0) {
        violations.push({ field: 'fineYuan', code: 'FIRST_OFFENCE_WITH_FINE', message: '首违不罚的决定不能同时处以罚款' });
      }
      if (!['', 'lighter', 'mitigated'].includes(String(form['lighterPenalty'] ?? ''))) {
        violations.push({ field: 'lighterPenalty', code: 'LIGHTER_PENALTY_UNKNOWN', message: '从轻减轻情形应为空、从轻或减轻' });
      }
      text(violations, 'content', form['content'], 8000);
      break;
    }
    case 'DecisionServed':
      if (!(SERVICE_METHODS as readonly string[]).includes(String(form['method'] ?? ''))) {
        violations.push({ field: 'method', code: 'SERVICE_METHOD_UNKNOWN', message: '请选择送达方式' });
      }
      break;
    case 'ExecutionRecorded':
      if (!['voluntary', 'enforced'].includes(String(form['how'] ?? ''))) {
        violations.push({ field: 'how', code: 'EXECUTION_KIND_UNKNOWN', message: '请选择执行方式' });
      }
      fields['amountPaidFen'] = amount(violations, 'amountPaidYuan', form['amountPaidYuan']);
      break;
    case 'ActClosed':
      text(violations, 'result', form['result'], 2000);
      break;
    case 'ActArchived':
      text(violations, 'archiveNumber', form['archiveNumber'], 64, true);
      break;
    case 'HearingNoticed':
    case 'HearingHeld':
      break;
  }
  return { violations, fields };
}
