import { assertNever, isCountyCode, type Violation } from '@lesp/core';
import { isSupervisionForm, SUPERVISION_FORMS } from '../shared/supervision-forms.js';
import { MAX_SHORT_TEXT, idViolations, optionalText, requiredText } from '../shared/text-rules.js';
import {
  RECTIFICATION_DOCUMENT_KINDS,
  type Accountability,
  type CopyRecipient,
  type RectificationCommand,
  type RectificationGround,
} from './rectification-commands.js';
import type { RecordedGround } from './rectification-events.js';

export const MAX_GROUNDS = 100;
export const MAX_RECIPIENTS = 20;
export const MAX_MEASURES = 50;
/** A deadline further than a year away is a typo, not a rectification period. */
export const MAX_DEADLINE_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

type Issue = Extract<RectificationCommand, { type: 'IssueRectificationNotice' }>['data'];

export function issueViolations(data: Issue): Violation[] {
  const violations: Violation[] = [];
  violations.push(...idViolations('rectificationId', data.rectificationId, '整改'));
  if (!isCountyCode(data.countyCode)) {
    violations.push({ field: 'countyCode', code: 'COUNTY_CODE_INVALID', message: '行政区划代码应为 6 位数字（GB/T 2260）' });
  }
  if (!Object.hasOwn(RECTIFICATION_DOCUMENT_KINDS, data.documentKind)) {
    violations.push({
      field: 'documentKind',
      code: 'DOCUMENT_KIND_UNKNOWN',
      message: `文书种类应为：${Object.values(RECTIFICATION_DOCUMENT_KINDS).join('、')}`,
    });
  }
  violations.push(...requiredText('documentNumber', data.documentNumber, '文号', 'DOCUMENT_NUMBER', MAX_SHORT_TEXT));
  if (!isSupervisionForm(data.supervisionForm)) {
    violations.push({
      field: 'supervisionForm',
      code: 'SUPERVISION_FORM_UNKNOWN',
      message: `监督方式应为：${Object.values(SUPERVISION_FORMS).join('、')}`,
    });
  }
  violations.push(...idViolations('agencyId', data.agencyId, '执法主体'));
  violations.push(...groundViolations(data.grounds, data.agencyId));
  violations.push(...requiredText('findings', data.findings, '发现的问题', 'FINDINGS'));
  violations.push(...requiredText('requirements', data.requirements, '整改要求', 'REQUIREMENTS'));
  violations.push(...deadlineViolations('deadline', data.deadline, data.issuedAt));
  violations.push(...recipientViolations('copiedTo', data.copiedTo, 0));
  violations.push(...requiredText('issuedBy', data.issuedBy, '签发人', 'ISSUED_BY', MAX_SHORT_TEXT));
  return violations;
}

/**
 * At least one ground; each one of the addressed agency (a notice to 城管局 cannot rest on an
 * alert about 市场监管局), known, and named once.
 */
function groundViolations(grounds: readonly RectificationGround[], agencyId: string): Violation[] {
  if (grounds.length === 0 || grounds.length > MAX_GROUNDS) {
    return [{ field: 'grounds', code: 'GROUNDS_COUNT_RANGE', message: `监督依据（预警或发现的问题）应为 1 到 ${MAX_GROUNDS} 项` }];
  }
  const violations: Violation[] = [];
  const seen = new Set<string>();
  grounds.forEach((ground, index) => {
    const field = `grounds[${index}]`;
    const key = groundKey(ground);
    if (seen.has(key)) violations.push({ field, code: 'GROUND_DUPLICATE', message: '同一预警或问题不能重复列为依据' });
    seen.add(key);
    if (ground.kind === 'alert' && !ground.found) {
      violations.push({ field: `${field}.alertId`, code: 'ALERT_NOT_FOUND', message: `预警 ${ground.alertId} 不存在` });
    } else if (ground.kind === 'alert' && ground.dismissed) {
      violations.push({ field: `${field}.alertId`, code: 'ALERT_DISMISSED', message: `预警 ${ground.alertId} 已被排除，不能作为监督依据` });
    } else if (ground.kind !== 'finding' && ground.agencyId !== agencyId) {
      violations.push({
        field: `${field}.agencyId`,
        code: 'GROUND_OF_ANOTHER_AGENCY',
        message: '依据所涉执法主体与被监督的执法主体不一致',
      });
    }
    if (ground.kind !== 'alert')
      violations.push(...requiredText(`${field}.description`, ground.description, '问题描述', 'GROUND_DESCRIPTION'));
  });
  return violations;
}

function groundKey(ground: RectificationGround): string {
  switch (ground.kind) {
    case 'alert':
      return `alert/${ground.alertId}`;
    case 'case_file_problem':
      return `review/${ground.reviewId}/${ground.problemId}`;
    case 'inspection_finding':
      return `inspection/${ground.planId}/${ground.targetId}`;
    case 'finding':
      return `finding/${ground.description.trim()}`;
    default:
      return assertNever(ground, 'rectification ground');
  }
}

export function recordedGround(ground: RectificationGround): RecordedGround {
  switch (ground.kind) {
    case 'alert':
      return { kind: 'alert', alertId: ground.alertId };
    case 'case_file_problem':
      return { kind: 'case_file_problem', reviewId: ground.reviewId, problemId: ground.problemId, description: ground.description.trim() };
    case 'inspection_finding':
      return { kind: 'inspection_finding', planId: ground.planId, targetId: ground.targetId, description: ground.description.trim() };
    case 'finding':
      return { kind: 'finding', description: ground.description.trim() };
    default:
      return assertNever(ground, 'rectification ground');
  }
}

export function deadlineViolations(field: string, deadline: Date, from: Date): Violation[] {
  if (Number.isNaN(deadline.getTime())) return [{ field, code: 'DEADLINE_INVALID', message: '整改期限无效' }];
  if (deadline.getTime() <= from.getTime()) return [{ field, code: 'DEADLINE_NOT_AFTER', message: '整改期限应晚于签发或退回时间' }];
  if (deadline.getTime() - from.getTime() > MAX_DEADLINE_DAYS * DAY_MS) {
    return [{ field, code: 'DEADLINE_TOO_FAR', message: `整改期限不能超过 ${MAX_DEADLINE_DAYS} 天` }];
  }
  return [];
}

export function recipientViolations(field: string, recipients: readonly CopyRecipient[], min: number): Violation[] {
  if (recipients.length < min || recipients.length > MAX_RECIPIENTS) {
    return [{ field, code: 'RECIPIENTS_COUNT_RANGE', message: `抄送或报告单位应为 ${min} 到 ${MAX_RECIPIENTS} 个` }];
  }
  const violations: Violation[] = [];
  recipients.forEach((recipient, index) => {
    violations.push(...requiredText(`${field}[${index}].name`, recipient.name, '单位名称', 'RECIPIENT_NAME', MAX_SHORT_TEXT));
    violations.push(
      ...requiredText(`${field}[${index}].relation`, recipient.relation, '与被监督主体的关系', 'RECIPIENT_RELATION', MAX_SHORT_TEXT),
    );
  });
  if (new Set(recipients.map((r) => r.name.trim())).size !== recipients.length) {
    violations.push({ field, code: 'RECIPIENT_DUPLICATE', message: '抄送或报告单位不能重复' });
  }
  return violations;
}

export function trimRecipients(recipients: readonly CopyRecipient[]): CopyRecipient[] {
  return recipients.map((r) => ({ name: r.name.trim(), relation: r.relation.trim() }));
}

export function measureViolations(measures: readonly string[], explanation: string): Violation[] {
  const violations: Violation[] = [];
  if (measures.length === 0 || measures.length > MAX_MEASURES) {
    violations.push({ field: 'measures', code: 'MEASURES_COUNT_RANGE', message: `整改措施应为 1 到 ${MAX_MEASURES} 条` });
  } else {
    measures.forEach((measure, index) => violations.push(...requiredText(`measures[${index}]`, measure, '整改措施', 'MEASURE')));
  }
  violations.push(...optionalText('explanation', explanation, '情况说明', 'EXPLANATION'));
  return violations;
}

export function accountabilityViolations(field: string, accountability: Accountability, closedAt?: Date): Violation[] {
  const violations: Violation[] = [
    ...requiredText(`${field}.decidedBy`, accountability.decidedBy, '追责决定机关', 'ACCOUNTABILITY_DECIDED_BY', MAX_SHORT_TEXT),
    ...requiredText(`${field}.measure`, accountability.measure, '追责方式', 'ACCOUNTABILITY_MEASURE', MAX_SHORT_TEXT),
    ...requiredText(`${field}.basis`, accountability.basis, '追责依据', 'ACCOUNTABILITY_BASIS'),
  ];
  if (accountability.persons.length === 0 || accountability.persons.length > 50) {
    violations.push({ field: `${field}.persons`, code: 'ACCOUNTABILITY_PERSONS_RANGE', message: '被追责人员应为 1 到 50 名' });
  } else if (accountability.persons.some((p) => p.trim() === '' || [...p.trim()].length > MAX_SHORT_TEXT)) {
    violations.push({ field: `${field}.persons`, code: 'ACCOUNTABILITY_PERSON_INVALID', message: '被追责人员不能为空或过长' });
  }
  if (Number.isNaN(accountability.decidedAt.getTime())) {
    violations.push({ field: `${field}.decidedAt`, code: 'TIME_INVALID', message: '追责决定时间无效' });
  } else if (closedAt && accountability.decidedAt.getTime() > closedAt.getTime()) {
    violations.push({
      field: `${field}.decidedAt`,
      code: 'ACCOUNTABILITY_AFTER_CLOSING',
      message: '随办结记录的追责决定时间不能晚于办结时间',
    });
  }
  return violations;
}

export function trimAccountability(a: Accountability): Accountability {
  return {
    decidedBy: a.decidedBy.trim(),
    measure: a.measure.trim(),
    persons: a.persons.map((p) => p.trim()),
    basis: a.basis.trim(),
    decidedAt: a.decidedAt,
  };
}
