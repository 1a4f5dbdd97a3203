import { yearOf, type DayKey } from '../calendar/china-day.js';
import type { PeriodWindow } from './rule.js';

/** The period of `months` (1, 3, 6, 12) containing `day`. */
export function calendarPeriod(day: DayKey, months: number): PeriodWindow {
  const year = yearOf(day);
  const month = Number(day.slice(5, 7));
  const size = [1, 3, 6, 12].includes(months) ? months : 3;
  const index = Math.floor((month - 1) / size);
  const startMonth = index * size + 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  const start = `${year}-${pad(startMonth)}-01`;
  const endMonth = startMonth + size;
  const endExclusive = endMonth > 12 ? `${year + 1}-01-01` : `${year}-${pad(endMonth)}-01`;
  const key =
    size === 12 ? `${year}` : size === 6 ? `${year}-H${index + 1}` : size === 3 ? `${year}-Q${index + 1}` : `${year}-${pad(startMonth)}`;
  return { key, start, endExclusive };
}
