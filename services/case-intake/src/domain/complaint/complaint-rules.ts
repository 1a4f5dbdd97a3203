import { normalizeMainlandPhone, type Violation } from '@lesp/core';

/** Where a complaint comes from. */
export const COMPLAINT_SOURCES = [
  'portal', // 门户网站
  'hotline_12345', // 12345 政务服务便民热线
  'media', // 媒体曝光
  'procuratorate_suggestion', // 检察建议
  'judicial_suggestion', // 司法建议
  'supervisor_finding', // 监督发现
] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];

export const COMPLAINT_STATUSES = ['received', 'assigned', 'in_handling', 'answered', 'closed', 'rejected'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const MAX_SUBJECT = 200;
export const MAX_TEXT = 2000;
export const MAX_NAME = 50;
export const MAX_OFFICERS = 20;
export const MAX_HANDLING_DAYS = 365;
/** 12 characters of Crockford base32 (no I, L, O, U). */
export const TRACKING_NUMBER_PATTERN = /^[0-9A-HJKMNP-TV-Z]{12}$/;

export function isComplaintSource(value: string): value is ComplaintSource {
  return (COMPLAINT_SOURCES as readonly string[]).includes(value);
}

/** A required free text: present after trimming and at most `max` characters. */
export function textViolations(field: string, value: string, max: number, what: string, codePrefix: string): Violation[] {
  const text = value.trim();
  if (text.length === 0) return [{ field, code: `${codePrefix}_REQUIRED`, message: `${what}不能为空` }];
  if ([...text].length > max) return [{ field, code: `${codePrefix}_TOO_LONG`, message: `${what}不能超过 ${max} 个字` }];
  return [];
}

export function receiptViolations(data: {
  readonly source: string;
  readonly subject: string;
  readonly summary: string;
  readonly complainant?: { readonly name: string; readonly phone: string };
  readonly trackingNumber: string;
  readonly handlingDays: number;
}): Violation[] {
  const violations: Violation[] = [];
  if (!isComplaintSource(data.source)) {
    violations.push({ field: 'source', code: 'COMPLAINT_SOURCE_UNKNOWN', message: `来源应为：${COMPLAINT_SOURCES.join('、')}` });
  }
  if ([...data.subject.trim()].length > MAX_SUBJECT) {
    violations.push({ field: 'subject', code: 'COMPLAINT_SUBJECT_TOO_LONG', message: `标题不能超过 ${MAX_SUBJECT} 个字` });
  }
  violations.push(...textViolations('summary', data.summary, MAX_TEXT, '投诉举报内容', 'COMPLAINT_SUMMARY'));
  if (data.complainant) {
    if ([...data.complainant.name.trim()].length > MAX_NAME) {
      violations.push({ field: 'complainant.name', code: 'COMPLAINANT_NAME_TOO_LONG', message: `姓名不能超过 ${MAX_NAME} 个字` });
    }
    // The message never repeats the number: it is personal data.
    if (data.complainant.phone.trim() !== '' && normalizeMainlandPhone(data.complainant.phone) === undefined) {
      violations.push({
        field: 'complainant.phone',
        code: 'PHONE_INVALID',
        message: '联系电话应为 11 位手机号或带区号的固定电话',
      });
    }
  }
  if (!Number.isInteger(data.handlingDays) || data.handlingDays < 1 || data.handlingDays > MAX_HANDLING_DAYS) {
    violations.push({ field: 'handlingDays', code: 'HANDLING_DAYS_RANGE', message: `办理期限应为 1 到 ${MAX_HANDLING_DAYS} 天` });
  }
  if (!TRACKING_NUMBER_PATTERN.test(data.trackingNumber)) {
    violations.push({ field: 'trackingNumber', code: 'TRACKING_NUMBER_INVALID', message: '查询码应为 12 位' });
  }
  return violations;
}

export function handlingViolations(data: { readonly notes: string; readonly officerIds: readonly string[] }): Violation[] {
  const violations = textViolations('notes', data.notes, MAX_TEXT, '办理情况', 'HANDLING_NOTES');
  const officers = data.officerIds.map((id) => id.trim());
  if (officers.length === 0 || officers.length > MAX_OFFICERS) {
    violations.push({ field: 'officerIds', code: 'HANDLING_OFFICERS_RANGE', message: `办理人员应为 1 到 ${MAX_OFFICERS} 名` });
  } else if (officers.some((id) => id.length === 0 || id.length > 64) || new Set(officers).size !== officers.length) {
    violations.push({ field: 'officerIds', code: 'HANDLING_OFFICERS_INVALID', message: '办理人员编号不能为空、过长或重复' });
  }
  return violations;
}

export function agencyViolations(field: string, agency: { readonly agencyId: string; readonly registered: boolean }): Violation[] {
  return agency.registered ? [] : [{ field, code: 'AGENCY_NOT_FOUND', message: `执法主体 ${agency.agencyId} 不存在` }];
}
