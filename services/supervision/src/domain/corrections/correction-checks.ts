import type { MonthlyFindingCategory } from './correction-categories.js';
import { monthBounds, type Month } from './correction-month.js';
import type { KnownPerson, PersonState } from './person-decider.js';

/** Monthly hours required of every person under correction; a county's rule pack may set others. */
export interface HoursRequirement {
  readonly education: number;
  readonly communityService: number;
}
export const DEFAULT_HOURS_REQUIREMENT: HoursRequirement = { education: 8, communityService: 8 };

export const HOURS_RULE = 'CORRECTION_MONTHLY_HOURS_BELOW_REQUIREMENT';
export const ABSCONDED_RULE = 'CORRECTION_PERSON_ABSCONDED';
export const TERM_END_RULE = 'CORRECTION_TERM_END_NOT_PROCESSED';

export interface CorrectionRuleFinding {
  readonly rule: typeof HOURS_RULE | typeof ABSCONDED_RULE | typeof TERM_END_RULE;
  /** The category of the monthly report (纠正违法) the finding is counted under. */
  readonly category: MonthlyFindingCategory;
  readonly personId: string;
  readonly countyCode: string;
  readonly officeId: string;
  readonly message: string;
}

/** Under correction for the whole of [from, to): received before it, not ended within it. */
export function underCorrectionThroughout(person: KnownPerson, from: Date, to: Date): boolean {
  const end = person.ended?.at ?? person.endsAt;
  return person.startsAt.getTime() <= from.getTime() && end.getTime() >= to.getTime();
}

/** Under correction at an instant (received, not yet ended). */
export function underCorrectionAt(person: KnownPerson, at: Date): boolean {
  const end = person.ended?.at ?? person.endsAt;
  return person.startsAt.getTime() <= at.getTime() && at.getTime() < end.getTime();
}

/** 在册 at an instant: received and not released on the platform (a term over but not processed stays on the register). */
export function inRegisterAt(person: KnownPerson, at: Date): boolean {
  return person.startsAt.getTime() <= at.getTime() && (!person.ended || at.getTime() < person.ended.at.getTime());
}

export function abscondedAt(person: KnownPerson, at: Date): boolean {
  return person.abscondings.some((a) => a.from.getTime() <= at.getTime() && (!a.to || a.to.getTime() > at.getTime()));
}

/**
 * 每月教育学习时间达不到八小时和参加社区服务时间达不到八小时: checked for a month the person was
 * under correction from its first to its last day (the month of reception and the month of
 * release are partial and not held against them).
 */
export function monthlyHoursFinding(
  state: PersonState,
  month: Month,
  requirement: HoursRequirement = DEFAULT_HOURS_REQUIREMENT,
): (CorrectionRuleFinding & { readonly month: Month; readonly education: number; readonly communityService: number }) | undefined {
  if (state.status === 'none') return undefined;
  const { from, to } = monthBounds(month);
  if (!underCorrectionThroughout(state, from, to)) return undefined;
  const hours = state.hours[month] ?? { education: 0, community_service: 0 };
  const short: string[] = [];
  if (hours.education < requirement.education) short.push(`教育学习 ${hours.education} 小时（应不少于 ${requirement.education} 小时）`);
  if (hours.community_service < requirement.communityService) {
    short.push(`社区服务 ${hours.community_service} 小时（应不少于 ${requirement.communityService} 小时）`);
  }
  if (short.length === 0) return undefined;
  return {
    rule: HOURS_RULE,
    category: 'hours_below_eight',
    personId: state.personId,
    countyCode: state.countyCode,
    officeId: state.officeId,
    month,
    education: hours.education,
    communityService: hours.community_service,
    message: `社区矫正对象 ${state.personId} ${month} ${short.join('，')}`,
  };
}

/** 脱管: the person is out of contact at `at`. */
export function abscondingFinding(state: PersonState, at: Date): (CorrectionRuleFinding & { readonly since: Date }) | undefined {
  if (state.status === 'none' || !abscondedAt(state, at)) return undefined;
  const since = state.abscondings.find((a) => a.from.getTime() <= at.getTime() && (!a.to || a.to.getTime() > at.getTime()))!.from;
  return {
    rule: ABSCONDED_RULE,
    category: 'absconded_or_missed',
    personId: state.personId,
    countyCode: state.countyCode,
    officeId: state.officeId,
    since,
    message: `社区矫正对象 ${state.personId} 脱管，失去联系`,
  };
}

/**
 * 刑期或者考验期满未及时办理相关手续: the term ended (endsAt) more than `graceDays` calendar days
 * before `at` and the correction has not been ended (解除矫正) on the platform.
 */
export function termEndNotProcessedFinding(
  state: PersonState,
  at: Date,
  graceDays = 0,
): (CorrectionRuleFinding & { readonly endsAt: Date }) | undefined {
  if (state.status === 'none' || state.status === 'ended') return undefined;
  if (at.getTime() < state.endsAt.getTime() + graceDays * 24 * 60 * 60 * 1000) return undefined;
  return {
    rule: TERM_END_RULE,
    category: 'term_end_not_processed',
    personId: state.personId,
    countyCode: state.countyCode,
    officeId: state.officeId,
    endsAt: state.endsAt,
    message: `社区矫正对象 ${state.personId} 矫正期已满，未及时办理解除矫正手续`,
  };
}
