import type { Violation } from '@lesp/core';
import { periodViolations, type Period } from '../shared/text-rules.js';

/**
 * When a review runs: once over a given period, or every 1, 3, 6 or 12 months from a first
 * month (e.g. monthly from 2026-01: round 1 reviews files closed in January 2026).
 */
export type ReviewRecurrence =
  | { readonly kind: 'once'; readonly period: Period }
  | { readonly kind: 'every'; readonly months: 1 | 3 | 6 | 12; readonly firstMonth: string; readonly lastMonth?: string };

/** Counties keep China Standard Time, which has no daylight saving: a month starts at 00:00 +08:00. */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthIndex(month: string): number | undefined {
  const match = MONTH.exec(month);
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : undefined;
}

/** The instant a month (counted from year 0) starts in China Standard Time. */
function monthStart(index: number): Date {
  return new Date(Date.UTC(Math.floor(index / 12), index % 12, 1) - CST_OFFSET_MS);
}

export function recurrenceViolations(field: string, recurrence: ReviewRecurrence): Violation[] {
  if (recurrence.kind === 'once') return periodViolations(`${field}.period`, recurrence.period);
  const violations: Violation[] = [];
  if (![1, 3, 6, 12].includes(recurrence.months)) {
    violations.push({ field: `${field}.months`, code: 'RECURRENCE_MONTHS', message: '评查周期应为每月、每季度、每半年或每年' });
  }
  const first = monthIndex(recurrence.firstMonth);
  if (first === undefined) violations.push({ field: `${field}.firstMonth`, code: 'MONTH_FORMAT', message: '起始月份应写作 YYYY-MM' });
  if (recurrence.lastMonth !== undefined) {
    const last = monthIndex(recurrence.lastMonth);
    if (last === undefined) violations.push({ field: `${field}.lastMonth`, code: 'MONTH_FORMAT', message: '截止月份应写作 YYYY-MM' });
    else if (first !== undefined && last < first)
      violations.push({ field: `${field}.lastMonth`, code: 'RECURRENCE_ENDS_BEFORE_START', message: '截止月份不能早于起始月份' });
  }
  return violations;
}

/**
 * The period round `n` (from 1) reviews: [start, end) as from = start, to = end − 1 ms, so a
 * file closed at midnight belongs to exactly one round. Undefined past the last round.
 */
export function roundPeriod(recurrence: ReviewRecurrence, n: number): Period | undefined {
  if (!Number.isInteger(n) || n < 1) return undefined;
  if (recurrence.kind === 'once') return n === 1 ? recurrence.period : undefined;
  const first = monthIndex(recurrence.firstMonth);
  if (first === undefined) return undefined;
  const start = first + (n - 1) * recurrence.months;
  const last = recurrence.lastMonth === undefined ? undefined : monthIndex(recurrence.lastMonth);
  if (last !== undefined && start > last) return undefined;
  return { from: monthStart(start), to: new Date(monthStart(start + recurrence.months).getTime() - 1) };
}
