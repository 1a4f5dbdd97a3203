import { addCalendarDays, chinaDayOf, startOfChinaDay, weekdayOf, yearOf, type DayKey } from './china-day.js';

/** One year of the official calendar: days off and weekend days worked instead (调休上班). */
export interface CalendarYear {
  readonly year: number;
  readonly holidays: readonly DayKey[];
  readonly workdays: readonly DayKey[];
  /** Stream version of the year's calendar; changes whenever the year is amended. */
  readonly version: number;
}

/** How long a deadline runs: working days of the official calendar, or calendar days. */
export interface TimeLimit {
  readonly amount: number;
  readonly unit: 'working_days' | 'days';
}

/**
 * The working-day calendar (pure, immutable). A day is a working day when it is a weekday
 * that is not a holiday, or a weekend day listed as an adjusted working day (调休). Years the
 * calendar does not know count Monday to Friday (`knowsYear` says which years it knows).
 */
export class WorkingDayCalendar {
  private readonly holidays = new Set<DayKey>();
  private readonly workdays = new Set<DayKey>();
  private readonly years = new Map<number, CalendarYear>();

  constructor(years: readonly CalendarYear[]) {
    for (const year of years) {
      this.years.set(year.year, year);
      for (const day of year.holidays) this.holidays.add(day);
      for (const day of year.workdays) this.workdays.add(day);
    }
  }

  knowsYear(year: number): boolean {
    return this.years.has(year);
  }

  /** Changes whenever any year is added or amended: deadlines computed under another stamp are recomputed. */
  get stamp(): string {
    return [...this.years.values()]
      .sort((a, b) => a.year - b.year)
      .map((y) => `${y.year}:${y.version}`)
      .join(',');
  }

  isWorkingDay(day: DayKey): boolean {
    if (this.holidays.has(day)) return false;
    if (this.workdays.has(day)) return true;
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The n-th working day after `day` (the day itself does not count: 期间开始之日不计算在期间内).
   * n = 0 gives `day` itself.
   */
  addWorkingDays(day: DayKey, n: number): DayKey {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
    let current = day;
    for (let counted = 0; counted < n;) {
      current = addCalendarDays(current, 1);
      if (this.isWorkingDay(current)) counted++;
    }
    return current;
  }

  /** Working days strictly after `from` up to and including `to`. */
  workingDaysBetween(from: DayKey, to: DayKey): number {
    let count = 0;
    for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) if (this.isWorkingDay(day)) count++;
    return count;
  }

  /** The last day of a time limit that starts on the day of `anchor`. */
  lastDayOf(anchor: Date, limit: TimeLimit): DayKey {
    const start = chinaDayOf(anchor);
    return limit.unit === 'working_days' ? this.addWorkingDays(start, limit.amount) : addCalendarDays(start, limit.amount);
  }

  /** When the time limit has passed: 00:00 China time of the day after its last day. */
  dueAt(anchor: Date, limit: TimeLimit): Date {
    return startOfChinaDay(addCalendarDays(this.lastDayOf(anchor, limit), 1));
  }

  yearsKnown(): readonly number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  year(year: number): CalendarYear | undefined {
    return this.years.get(year);
  }
}

export type AlertLevel = 'blue' | 'yellow' | 'red';
export const ALERT_LEVELS: readonly AlertLevel[] = ['blue', 'yellow', 'red'];

export function levelRank(level: AlertLevel): number {
  return ALERT_LEVELS.indexOf(level);
}

export interface DeadlineStage {
  readonly level: AlertLevel;
  readonly at: Date;
}

/**
 * When a running deadline's alert rises: blue when two days remain (the second-to-last
 * working day, or two calendar days before the last), yellow on the last day, red once it
 * has passed. Stages in time order; a stage that would come before the start is dropped.
 */
export function deadlineStages(calendar: WorkingDayCalendar, anchor: Date, limit: TimeLimit): readonly DeadlineStage[] {
  const start = chinaDayOf(anchor);
  const last = calendar.lastDayOf(anchor, limit);
  const blueDay =
    limit.unit === 'working_days'
      ? limit.amount >= 2
        ? calendar.addWorkingDays(start, limit.amount - 1)
        : undefined
      : limit.amount >= 3
        ? addCalendarDays(last, -2)
        : undefined;
  const stages: DeadlineStage[] = [];
  if (blueDay !== undefined && blueDay < last) stages.push({ level: 'blue', at: startOfChinaDay(blueDay) });
  if (last > start) stages.push({ level: 'yellow', at: startOfChinaDay(last) });
  stages.push({ level: 'red', at: startOfChinaDay(addCalendarDays(last, 1)) });
  return stages;
}

export { yearOf };
