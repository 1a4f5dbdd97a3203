/**
 * Calendar days in China Standard Time (UTC+8, no daylight saving): a deadline's days are
 * the days of the county where the act was done, whatever the server's time zone.
 */
export type DayKey = string;

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDayKey(value: string): boolean {
  const match = DAY_KEY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The China day an instant falls on. */
export function chinaDayOf(at: Date): DayKey {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 China time of the day. */
export function startOfChinaDay(day: DayKey): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS);
}

export function addCalendarDays(day: DayKey, days: number): DayKey {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export function weekdayOf(day: DayKey): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function yearOf(day: DayKey): number {
  return Number(day.slice(0, 4));
}

export function dayOfMonthOf(day: DayKey): number {
  return Number(day.slice(8, 10));
}
