import { isCountyCode, type Violation } from '@lesp/core';
import { parseTime, requiredText, requiredTime, textList } from './form-rules.js';

/**
 * The joint-meeting forms (联席会议) and their rules, mirroring cross-region's meeting decider
 * (services/cross-region/src/domain/meeting/meeting-decider.ts): the host county schedules with
 * a time and an agenda, records it held (attendees of member counties, minutes), records its
 * decisions (a task for a member county with a due date), and the assignee reports the task done.
 */
export interface ScheduleMeetingForm {
  readonly agreementId: string;
  readonly scheduledFor: string;
  readonly agenda: readonly string[];
}

export interface HoldMeetingForm {
  readonly heldAt: string;
  readonly attendees: readonly { readonly countyCode: string; readonly names: readonly string[] }[];
  readonly minutes: string;
}

export interface MeetingDecisionForm {
  readonly decision: string;
  readonly assigneeCounty?: string;
  readonly dueAt?: string;
}

export function scheduleViolations(form: ScheduleMeetingForm): Violation[] {
  return [...requiredTime('scheduledFor', form.scheduledFor, '会议时间'), ...textList('agenda', form.agenda, '议程', 1)];
}

/** `members`: the agreement's current member counties (attendees must be among them). */
export function holdViolations(form: HoldMeetingForm, members: readonly string[], now: Date): Violation[] {
  const violations: Violation[] = [...requiredTime('heldAt', form.heldAt, '召开时间')];
  const heldAt = parseTime(form.heldAt);
  if (heldAt && heldAt.getTime() > now.getTime())
    violations.push({ field: 'heldAt', code: 'TIME_IN_FUTURE', message: '召开时间不能晚于登记时间' });
  const attendees = form.attendees ?? [];
  if (attendees.length === 0) violations.push({ field: 'attendees', code: 'ATTENDEES_REQUIRED', message: '须列出参会区县' });
  const seen = new Set<string>();
  attendees.forEach((a, i) => {
    if (!isCountyCode(a.countyCode) || !members.includes(a.countyCode))
      violations.push({ field: `attendees[${i}].countyCode`, code: 'NOT_AGREEMENT_MEMBER', message: '参会区县须是协议成员' });
    else if (seen.has(a.countyCode))
      violations.push({ field: `attendees[${i}].countyCode`, code: 'COUNTY_DUPLICATE', message: '参会区县不能重复' });
    seen.add(a.countyCode);
    violations.push(...textList(`attendees[${i}].names`, a.names, '参会人员', 1));
  });
  violations.push(...requiredText('minutes', form.minutes, '会议纪要'));
  return violations;
}

/** `heldAt`: when the meeting was held (a task is due no earlier). */
export function decisionViolations(form: MeetingDecisionForm, members: readonly string[], heldAt: Date | undefined): Violation[] {
  const violations = [...requiredText('decision', form.decision, '决定事项')];
  const assignee = form.assigneeCounty ?? '';
  if (assignee !== '') {
    if (!members.includes(assignee))
      violations.push({ field: 'assigneeCounty', code: 'NOT_AGREEMENT_MEMBER', message: '承办区县须是协议成员' });
    const dueAt = parseTime(form.dueAt);
    if (!dueAt) violations.push({ field: 'dueAt', code: 'DATE_INVALID', message: '任务完成期限无效或未填写' });
    else if (heldAt && dueAt.getTime() < heldAt.getTime())
      violations.push({ field: 'dueAt', code: 'TIME_BEFORE_PREVIOUS_STEP', message: '不能早于会议召开时间' });
  } else if (form.dueAt) {
    violations.push({ field: 'assigneeCounty', code: 'ASSIGNEE_REQUIRED', message: '有完成期限的任务须指定承办区县' });
  }
  return violations;
}

export function taskReportViolations(report: string | undefined): Violation[] {
  return requiredText('report', report, '完成情况');
}
