import { ConflictError, NotFoundError, ValidationError, assertNever, isCountyCode, type Decider, type Violation } from '@lesp/core';
import { MAX_SHORT_TEXT, idViolations, requiredText } from '../shared/text-rules.js';
import { END_REASONS, PERSON_CATEGORIES, type EndReason, type PersonCategory } from './correction-categories.js';
import { monthBounds, monthViolations, type Month } from './correction-month.js';
import { HOURS_KINDS, type HoursKind, type PersonCommand } from './person-commands.js';
import type { PersonEvent } from './person-events.js';

/** Most hours one entry may record: a day's activity. */
export const MAX_HOURS_PER_ENTRY = 12;

export type PersonState =
  | { readonly status: 'none' }
  | {
      readonly status: 'under_correction' | 'absconded' | 'ended';
      readonly personId: string;
      readonly countyCode: string;
      readonly category: PersonCategory;
      readonly officeId: string;
      readonly dutyCrime: boolean;
      readonly startsAt: Date;
      readonly endsAt: Date;
      /** Hours recorded per month and kind. */
      readonly hours: Readonly<Record<Month, Readonly<Record<HoursKind, number>>>>;
      /** Every time out of contact (脱管); the last one open while absconded. */
      readonly abscondings: readonly { readonly from: Date; readonly to?: Date }[];
      readonly ended?: { readonly reason: EndReason; readonly at: Date };
    };

export type KnownPerson = Exclude<PersonState, { status: 'none' }>;

const validDate = (date: Date) => date instanceof Date && !Number.isNaN(date.getTime());
const dates = (fields: Record<string, Date>): Violation[] =>
  Object.entries(fields)
    .filter(([, d]) => !validDate(d))
    .map(([field]) => ({ field, code: 'DATE_INVALID', message: '日期无效' }));

function known(state: PersonState, personId: string): KnownPerson {
  if (state.status === 'none') throw new NotFoundError('PERSON_NOT_FOUND', `社区矫正对象 ${personId} 未接收`);
  return state;
}

function notEnded(state: KnownPerson): void {
  if (state.status === 'ended')
    throw new ConflictError('CORRECTION_ENDED', `社区矫正对象 ${state.personId} 已${END_REASONS[state.ended?.reason ?? 'term_completed']}`);
}

function check(violations: Violation[]): void {
  if (violations.length > 0) throw new ValidationError(violations);
}

function decide(command: PersonCommand, state: PersonState): readonly PersonEvent[] {
  switch (command.type) {
    case 'ReceivePersonUnderCorrection': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('PERSON_ALREADY_RECEIVED', `社区矫正对象 ${d.personId} 已接收`);
      const violations = [
        ...idViolations('personId', d.personId, '社区矫正对象'),
        ...idViolations('officeId', d.officeId, '社区矫正机构'),
        ...(isCountyCode(d.countyCode)
          ? []
          : [{ field: 'countyCode', code: 'COUNTY_CODE_FORMAT', message: '须为 6 位行政区划代码（GB/T 2260）' }]),
        ...(Object.hasOwn(PERSON_CATEGORIES, d.category)
          ? []
          : [
              {
                field: 'category',
                code: 'CORRECTION_CATEGORY_UNKNOWN',
                message: `矫正类别应为：${Object.values(PERSON_CATEGORIES).join('、')}`,
              },
            ]),
        ...requiredText('receivedBy', d.receivedBy, '接收人', 'RECEIVED_BY', MAX_SHORT_TEXT),
        ...dates({ startsAt: d.startsAt, endsAt: d.endsAt }),
      ];
      if (violations.length === 0 && d.endsAt.getTime() <= d.startsAt.getTime()) {
        violations.push({ field: 'endsAt', code: 'TERM_ENDS_BEFORE_START', message: '矫正期满日应晚于矫正开始日' });
      }
      check(violations);
      return [{ type: 'PersonUnderCorrectionReceived', data: { ...d } }];
    }
    case 'RecordCorrectionHours': {
      const d = command.data;
      const person = known(state, d.personId);
      const violations = [
        ...monthViolations('month', d.month),
        ...requiredText('activity', d.activity, '活动内容', 'ACTIVITY'),
        ...requiredText('recordedBy', d.recordedBy, '记录人', 'RECORDED_BY', MAX_SHORT_TEXT),
        ...dates({ occurredAt: d.occurredAt }),
      ];
      if (!Object.hasOwn(HOURS_KINDS, d.kind)) {
        violations.push({
          field: 'kind',
          code: 'HOURS_KIND_UNKNOWN',
          message: '应为 education（教育学习）或 community_service（社区服务）',
        });
      }
      if (!(d.hours >= 0.5 && d.hours <= MAX_HOURS_PER_ENTRY && Number.isInteger(d.hours * 2))) {
        violations.push({ field: 'hours', code: 'HOURS_RANGE', message: `每次记录 0.5 到 ${MAX_HOURS_PER_ENTRY} 小时，以半小时计` });
      }
      check(violations);
      // Hours may be recorded late, even after the end, but only for months the person was under correction.
      const { from, to } = monthBounds(d.month);
      const until = person.ended?.at ?? person.endsAt;
      if (to.getTime() <= person.startsAt.getTime() || from.getTime() >= until.getTime()) {
        throw new ConflictError('MONTH_OUTSIDE_CORRECTION', `${d.month} 不在社区矫正期内`);
      }
      return [{ type: 'CorrectionHoursRecorded', data: { ...d } }];
    }
    case 'ReportAbsconding': {
      const d = command.data;
      const person = known(state, d.personId);
      notEnded(person);
      if (person.status === 'absconded') throw new ConflictError('ALREADY_ABSCONDED', `社区矫正对象 ${d.personId} 已处于脱管状态`);
      const violations = [
        ...requiredText('measures', d.measures, '采取的措施', 'MEASURES'),
        ...requiredText('reportedBy', d.reportedBy, '报告人', 'REPORTED_BY', MAX_SHORT_TEXT),
        ...dates({ lostContactAt: d.lostContactAt }),
      ];
      if (violations.length === 0 && d.lostContactAt.getTime() < person.startsAt.getTime()) {
        violations.push({ field: 'lostContactAt', code: 'BEFORE_CORRECTION', message: '失去联系时间不能早于矫正开始' });
      }
      check(violations);
      return [{ type: 'PersonAbsconded', data: { ...d } }];
    }
    case 'ReportReturnedToSupervision': {
      const d = command.data;
      const person = known(state, d.personId);
      notEnded(person);
      if (person.status !== 'absconded') throw new ConflictError('NOT_ABSCONDED', `社区矫正对象 ${d.personId} 未脱管`);
      const violations = dates({ returnedAt: d.returnedAt });
      const since = person.abscondings.at(-1)?.from;
      if (violations.length === 0 && since && d.returnedAt.getTime() < since.getTime()) {
        violations.push({ field: 'returnedAt', code: 'RETURNED_BEFORE_LOST', message: '恢复监管时间不能早于失去联系时间' });
      }
      check(violations);
      return [{ type: 'PersonReturnedToSupervision', data: { ...d } }];
    }
    case 'EndCorrection': {
      const d = command.data;
      const person = known(state, d.personId);
      notEnded(person);
      const violations = dates({ endedAt: d.endedAt });
      if (!Object.hasOwn(END_REASONS, d.reason)) {
        violations.push({
          field: 'reason',
          code: 'END_REASON_UNKNOWN',
          message: `解除矫正原因应为：${Object.values(END_REASONS).join('、')}`,
        });
      }
      if (violations.length === 0 && d.endedAt.getTime() < person.startsAt.getTime()) {
        violations.push({ field: 'endedAt', code: 'BEFORE_CORRECTION', message: '解除矫正时间不能早于矫正开始' });
      }
      check(violations);
      return [{ type: 'CorrectionEnded', data: { ...d } }];
    }
    default:
      return assertNever(command, 'person command');
  }
}

function evolve(state: PersonState, event: PersonEvent): PersonState {
  if (event.type === 'PersonUnderCorrectionReceived') {
    const { receivedBy: _receivedBy, ...d } = event.data;
    return { status: 'under_correction', ...d, hours: {}, abscondings: [] };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CorrectionHoursRecorded': {
      const { month, kind, hours } = event.data;
      const current = state.hours[month] ?? { education: 0, community_service: 0 };
      return { ...state, hours: { ...state.hours, [month]: { ...current, [kind]: current[kind] + hours } } };
    }
    case 'PersonAbsconded':
      return { ...state, status: 'absconded', abscondings: [...state.abscondings, { from: event.data.lostContactAt }] };
    case 'PersonReturnedToSupervision':
      return { ...state, status: 'under_correction', abscondings: closeAbsconding(state.abscondings, event.data.returnedAt) };
    case 'CorrectionEnded':
      return {
        ...state,
        status: 'ended',
        ended: { reason: event.data.reason, at: event.data.endedAt },
        abscondings: closeAbsconding(state.abscondings, event.data.endedAt),
      };
    default:
      return assertNever(event, 'person event');
  }
}

function closeAbsconding(abscondings: KnownPerson['abscondings'], at: Date): KnownPerson['abscondings'] {
  const last = abscondings.at(-1);
  return last && !last.to ? [...abscondings.slice(0, -1), { from: last.from, to: at }] : abscondings;
}

export const personDecider: Decider<PersonCommand, PersonEvent, PersonState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
