/**
 * 《规范性文件备案》: a document is filed "自印发之日起30日内". Days are calendar days, not working
 * days, and (as in the Civil Code's reckoning of periods) the day of issue is not counted: a
 * document issued on 1 March must be filed by the end of 31 March, Beijing time.
 */
export const FILING_PERIOD_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Days since 1970-01-01 of the Beijing-time calendar day the instant falls on. */
export function chinaDayIndex(instant: Date): number {
  return Math.floor((instant.getTime() + CHINA_OFFSET_MS) / DAY_MS);
}

/** The first instant after the filing period: filing before it is on time. */
export function filingDueAt(from: Date): Date {
  return new Date((chinaDayIndex(from) + FILING_PERIOD_DAYS + 1) * DAY_MS - CHINA_OFFSET_MS);
}

/** Whole calendar days from one instant's Beijing day to another's. */
export function calendarDaysBetween(from: Date, to: Date): number {
  return chinaDayIndex(to) - chinaDayIndex(from);
}
