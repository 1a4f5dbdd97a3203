import { CHINA_STANDARD_OFFSET_MS } from '../domain/statistics/report-period.js';

const local = (instant: Date) => new Date(instant.getTime() + CHINA_STANDARD_OFFSET_MS);
const two = (n: number) => String(n).padStart(2, '0');

/** "2023年1月1日", the day (Beijing time) the instant falls on. */
export function chinaDate(instant: Date): string {
  const d = local(instant);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** "2024-01-31 18:00" in Beijing time. */
export function chinaDateTime(instant: Date): string {
  const d = local(instant);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** The period [from, to) as the report prints it: the first and the last day. */
export function chinaDateRange(from: Date, to: Date): string {
  return `${chinaDate(from)}至${chinaDate(new Date(to.getTime() - 1))}`;
}
