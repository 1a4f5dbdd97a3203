import type { Violation } from '@lesp/core';

/**
 * Report periods are reckoned in China Standard Time (UTC+08:00, no daylight saving): an act
 * decided at 2023-12-31T20:00Z happened on 1 January 2024 for the county that reports it.
 */
export const CHINA_STANDARD_OFFSET_MS = 8 * 60 * 60 * 1000;

/** 月报, 半年报, 年报. */
export type ReportPeriod =
  | { readonly kind: 'month'; readonly year: number; readonly month: number }
  | { readonly kind: 'half'; readonly year: number; readonly half: 1 | 2 }
  | { readonly kind: 'year'; readonly year: number };

export const REPORT_KIND_NAMES: Record<ReportPeriod['kind'], string> = { month: '月报', half: '半年报', year: '年报' };

/** Local midnight (UTC+8) of the first day of `month` (1–12; 13 is January of the next year) as an instant. */
export function chinaMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - CHINA_STANDARD_OFFSET_MS);
}

/** The period as a half-open interval [from, to): `to` is the first instant of the next period. */
export function periodBounds(period: ReportPeriod): { readonly from: Date; readonly to: Date } {
  switch (period.kind) {
    case 'month':
      return { from: chinaMonthStart(period.year, period.month), to: chinaMonthStart(period.year, period.month + 1) };
    case 'half': {
      const first = period.half === 1 ? 1 : 7;
      return { from: chinaMonthStart(period.year, first), to: chinaMonthStart(period.year, first + 6) };
    }
    case 'year':
      return { from: chinaMonthStart(period.year, 1), to: chinaMonthStart(period.year + 1, 1) };
    default: {
      const unknown: never = period;
      throw new Error(`unknown period ${JSON.stringify(unknown)}`);
    }
  }
}

/** The months (YYYY-MM) a period covers, in order: one, six or twelve. */
export function periodMonths(period: ReportPeriod): string[] {
  const first = period.kind === 'month' ? period.month : period.kind === 'half' ? (period.half === 1 ? 1 : 7) : 1;
  const count = period.kind === 'month' ? 1 : period.kind === 'half' ? 6 : 12;
  return Array.from({ length: count }, (_, i) => `${period.year}-${String(first + i).padStart(2, '0')}`);
}

/** "2023年", "2023年上半年", "2023年3月": as the reports write it. */
export function periodLabel(period: ReportPeriod): string {
  switch (period.kind) {
    case 'month':
      return `${period.year}年${period.month}月`;
    case 'half':
      return `${period.year}年${period.half === 1 ? '上' : '下'}半年`;
    case 'year':
      return `${period.year}年`;
    default: {
      const unknown: never = period;
      throw new Error(`unknown period ${JSON.stringify(unknown)}`);
    }
  }
}

export function reportPeriodViolations(period: ReportPeriod, field = 'period'): Violation[] {
  const violations: Violation[] = [];
  if (!Number.isInteger(period.year) || period.year < 1990 || period.year > 2200) {
    violations.push({ field: `${field}.year`, code: 'REPORT_YEAR_RANGE', message: '统计年度应为 1990 到 2200 之间的整数' });
  }
  if (period.kind === 'month' && (!Number.isInteger(period.month) || period.month < 1 || period.month > 12)) {
    violations.push({ field: `${field}.month`, code: 'REPORT_MONTH_RANGE', message: '统计月份应为 1 到 12' });
  }
  if (period.kind === 'half' && period.half !== 1 && period.half !== 2) {
    violations.push({ field: `${field}.half`, code: 'REPORT_HALF_RANGE', message: '半年应为 1（上半年）或 2（下半年）' });
  }
  return violations;
}

/** The instant lies in [from, to). */
export function inBounds(bounds: { readonly from: Date; readonly to: Date }, at: Date): boolean {
  const t = at.getTime();
  return t >= bounds.from.getTime() && t < bounds.to.getTime();
}

/**
 * The annual report of `year` is published by 31 January of the next year (落实行政执法统计年报制度):
 * the first instant after that day, Beijing time. A report computed with this as asOf is the
 * one that was due.
 */
export function annualReportDueAt(year: number): Date {
  return chinaMonthStart(year + 1, 2);
}
