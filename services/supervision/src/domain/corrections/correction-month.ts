import type { Violation } from '@lesp/core';

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar month, "2024-03". Months are Beijing-time months. */
export type Month = string;

export function monthViolations(field: string, month: string): Violation[] {
  return MONTH.test(month) ? [] : [{ field, code: 'MONTH_FORMAT', message: '月份格式应为 YYYY-MM，如 2024-03' }];
}

function parts(month: Month): [number, number] {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month: ${month}`);
  return [Number(match[1]), Number(match[2])];
}

/** [from, to) of the month as instants. */
export function monthBounds(month: Month): { readonly from: Date; readonly to: Date } {
  const [year, m] = parts(month);
  return { from: new Date(Date.UTC(year, m - 1, 1) - CHINA_OFFSET_MS), to: new Date(Date.UTC(year, m, 1) - CHINA_OFFSET_MS) };
}

/** The month an instant falls in, Beijing time. */
export function monthOf(at: Date): Month {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The six months of a half-year. */
export function monthsOfHalf(year: number, half: 1 | 2): Month[] {
  return Array.from({ length: 6 }, (_, i) => `${year}-${String((half - 1) * 6 + i + 1).padStart(2, '0')}`);
}
