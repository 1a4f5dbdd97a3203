import type { WorkingCalendarEvent } from '@lesp/contracts';
import { assertNever, ValidationError, type Decider, type Violation } from '@lesp/core';
import { isDayKey, weekdayOf, yearOf } from './china-day.js';

/** The working-day calendar is national: its streams belong to the national code 100000 (中华人民共和国). */
export const NATIONAL_SCOPE = '100000';
export const CALENDAR_AGGREGATE = 'WorkingCalendar';

export interface ReplaceWorkingCalendar {
  readonly type: 'ReplaceWorkingCalendar';
  readonly data: {
    readonly year: number;
    readonly holidays: readonly string[];
    readonly workdays: readonly string[];
    readonly source: string;
    readonly reason: string;
  };
}

export type CalendarCommand = ReplaceWorkingCalendar;

export interface CalendarState {
  readonly year?: number;
  readonly holidays: readonly string[];
  readonly workdays: readonly string[];
  readonly source: string;
}

const MAX_DAYS = 366;

function validate(data: ReplaceWorkingCalendar['data']): readonly Violation[] {
  const violations: Violation[] = [];
  if (!Number.isInteger(data.year) || data.year < 2000 || data.year > 2100) {
    violations.push({ field: 'year', code: 'CALENDAR_YEAR_RANGE', message: '年份应为 2000 到 2100 之间的整数' });
    return violations;
  }
  const check = (field: 'holidays' | 'workdays', days: readonly string[]) => {
    if (days.length > MAX_DAYS) violations.push({ field, code: 'CALENDAR_TOO_MANY_DAYS', message: `不能超过 ${MAX_DAYS} 天` });
    days.forEach((day, i) => {
      if (!isDayKey(day)) violations.push({ field: `${field}[${i}]`, code: 'CALENDAR_DAY_FORMAT', message: '日期应为 YYYY-MM-DD' });
      else if (yearOf(day) !== data.year) {
        violations.push({ field: `${field}[${i}]`, code: 'CALENDAR_DAY_OUTSIDE_YEAR', message: `日期不在 ${data.year} 年内` });
      }
    });
  };
  check('holidays', data.holidays);
  check('workdays', data.workdays);
  const holidays = new Set(data.holidays);
  data.workdays.forEach((day, i) => {
    if (holidays.has(day)) {
      violations.push({ field: `workdays[${i}]`, code: 'CALENDAR_DAY_BOTH', message: '同一天不能既是节假日又是调休工作日' });
    } else if (isDayKey(day) && weekdayOf(day) !== 0 && weekdayOf(day) !== 6) {
      violations.push({ field: `workdays[${i}]`, code: 'CALENDAR_WORKDAY_NOT_WEEKEND', message: '调休上班日应为周六或周日' });
    }
  });
  if (data.source.trim() === '')
    violations.push({ field: 'source', code: 'CALENDAR_SOURCE_REQUIRED', message: '须注明日历来源（如国务院办公厅通知）' });
  return violations;
}

const sortedUnique = (days: readonly string[]) => [...new Set(days)].sort();
const sameDays = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((day, i) => day === b[i]);

/** One year's official holidays and adjusted working days, replaced as a whole and audited as events. */
export const calendarDecider: Decider<CalendarCommand, WorkingCalendarEvent, CalendarState> = {
  initialState: () => ({ holidays: [], workdays: [], source: '' }),
  decide(command, state) {
    switch (command.type) {
      case 'ReplaceWorkingCalendar': {
        const violations = validate(command.data);
        if (violations.length > 0) throw new ValidationError(violations);
        const holidays = sortedUnique(command.data.holidays);
        const workdays = sortedUnique(command.data.workdays);
        // The same calendar again changes nothing (seeding at every start-up relies on it).
        if (state.year !== undefined && sameDays(state.holidays, holidays) && sameDays(state.workdays, workdays)) return [];
        return [
          {
            type: 'WorkingCalendarReplaced',
            data: { year: command.data.year, holidays, workdays, source: command.data.source, reason: command.data.reason },
          },
        ];
      }
      default:
        return assertNever(command.type, 'calendar command');
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'WorkingCalendarReplaced':
        return { year: event.data.year, holidays: event.data.holidays, workdays: event.data.workdays, source: event.data.source };
      default:
        return assertNever(event.type, 'calendar event');
    }
  },
};
