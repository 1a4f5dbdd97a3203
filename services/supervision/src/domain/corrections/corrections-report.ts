import { ValidationError } from '@lesp/core';
import {
  END_REASONS,
  HALF_YEAR_FINDING_CATEGORIES,
  MONTHLY_FINDING_CATEGORIES,
  MONTHLY_SECTIONS,
  PERSON_CATEGORIES,
  type EndReason,
  type HalfYearFindingCategory,
  type MonthlyFindingCategory,
  type PersonCategory,
} from './correction-categories.js';
import { monthBounds, monthViolations, monthsOfHalf, type Month } from './correction-month.js';
import {
  DEFAULT_HOURS_REQUIREMENT,
  abscondedAt,
  monthlyHoursFinding,
  inRegisterAt,
  underCorrectionThroughout,
  type HoursRequirement,
} from './correction-checks.js';
import type { KnownPerson, PersonState } from './person-decider.js';

/**
 * A correction found (纠正违法) — raised by the rule pack (hours, absconding) or entered by a
 * supervisor (the procuratorate's findings on courts, prisons and justice bureaus).
 */
export interface CorrectionFindingFact {
  readonly findingId: string;
  readonly countyCode: string;
  readonly category: MonthlyFindingCategory | HalfYearFindingCategory;
  readonly personId?: string;
  /** Decides the month or half-year it is counted in. */
  readonly foundAt: Date;
}

export interface Population {
  readonly total: number;
  readonly byCategory: Readonly<Record<PersonCategory, number>>;
  /** 社区矫正机构 with at least one person. */
  readonly offices: number;
  /** 脱管 at the end of the period, and of them convicted of a duty crime (职务犯罪). */
  readonly absconded: number;
  readonly abscondedDutyCrime: number;
}

export interface FindingLine {
  readonly category: string;
  readonly name: string;
  readonly section?: string;
  readonly count: number;
}

export interface MonthlyCorrectionsReport {
  readonly countyCode: string;
  readonly month: Month;
  /** At the end of the month. */
  readonly population: Population;
  readonly received: number;
  readonly ended: Readonly<Record<EndReason, number>>;
  /** Persons under correction the whole month, and how many of them fell short of the hours. */
  readonly hours: {
    readonly required: number;
    readonly met: number;
    readonly educationShort: number;
    readonly communityServiceShort: number;
  };
  /** 监外执行监管活动情况月报表（纠正违法）: every category, in the seed's order. */
  readonly findings: readonly FindingLine[];
}

export interface HalfYearCorrectionsReport {
  readonly countyCode: string;
  readonly year: number;
  readonly half: 1 | 2;
  readonly population: Population;
  readonly received: number;
  readonly ended: Readonly<Record<EndReason, number>>;
  /** 监外执行检察情况半年表: every category, in the seed's order. */
  readonly findings: readonly FindingLine[];
  /** The monthly categories added over the six months. */
  readonly monthlyFindings: readonly FindingLine[];
}

const zeroBy = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const inRange = (at: Date, from: Date, to: Date) => at.getTime() >= from.getTime() && at.getTime() < to.getTime();

function population(persons: readonly KnownPerson[], at: Date): Population {
  const present = persons.filter((p) => inRegisterAt(p, at));
  const byCategory = zeroBy(Object.keys(PERSON_CATEGORIES) as PersonCategory[]);
  for (const p of present) byCategory[p.category] += 1;
  const absconded = present.filter((p) => abscondedAt(p, at));
  return {
    total: present.length,
    byCategory,
    offices: new Set(present.map((p) => p.officeId)).size,
    absconded: absconded.length,
    abscondedDutyCrime: absconded.filter((p) => p.dutyCrime).length,
  };
}

function movements(persons: readonly KnownPerson[], from: Date, to: Date) {
  const ended = zeroBy(Object.keys(END_REASONS) as EndReason[]);
  for (const p of persons) if (p.ended && inRange(p.ended.at, from, to)) ended[p.ended.reason] += 1;
  return { received: persons.filter((p) => inRange(p.startsAt, from, to)).length, ended };
}

function monthlyLines(findings: readonly CorrectionFindingFact[], from: Date, to: Date): FindingLine[] {
  return (Object.keys(MONTHLY_FINDING_CATEGORIES) as MonthlyFindingCategory[]).map((category) => ({
    category,
    name: MONTHLY_FINDING_CATEGORIES[category].name,
    section: MONTHLY_SECTIONS[MONTHLY_FINDING_CATEGORIES[category].section],
    count: findings.filter((f) => f.category === category && inRange(f.foundAt, from, to)).length,
  }));
}

function ofCounty(countyCode: string, persons: Iterable<PersonState>): KnownPerson[] {
  return [...persons].filter((p): p is KnownPerson => p.status !== 'none' && p.countyCode === countyCode);
}

/** 月报: population at the end of the month, movements, hours, corrections found in the month. */
export function monthlyCorrectionsReport(input: {
  readonly countyCode: string;
  readonly month: Month;
  readonly persons: Iterable<PersonState>;
  readonly findings: readonly CorrectionFindingFact[];
  readonly requirement?: HoursRequirement;
}): MonthlyCorrectionsReport {
  const violations = monthViolations('month', input.month);
  if (violations.length > 0) throw new ValidationError(violations);
  const persons = ofCounty(input.countyCode, input.persons);
  const { from, to } = monthBounds(input.month);
  const requirement = input.requirement ?? DEFAULT_HOURS_REQUIREMENT;
  const required = persons.filter((p) => underCorrectionThroughout(p, from, to));
  const short = required.map((p) => monthlyHoursFinding(p, input.month, requirement)).filter((f) => f !== undefined);
  const findings = input.findings.filter((f) => f.countyCode === input.countyCode);
  return {
    countyCode: input.countyCode,
    month: input.month,
    // The last instant of the month: who is still under correction when it closes.
    population: population(persons, new Date(to.getTime() - 1)),
    ...movements(persons, from, to),
    hours: {
      required: required.length,
      met: required.length - short.length,
      educationShort: short.filter((f) => f.education < requirement.education).length,
      communityServiceShort: short.filter((f) => f.communityService < requirement.communityService).length,
    },
    findings: monthlyLines(findings, from, to),
  };
}

/** 半年报: population at the end of the half-year, movements, the half-year categories and the monthly ones added up. */
export function halfYearCorrectionsReport(input: {
  readonly countyCode: string;
  readonly year: number;
  readonly half: 1 | 2;
  readonly persons: Iterable<PersonState>;
  readonly findings: readonly CorrectionFindingFact[];
}): HalfYearCorrectionsReport {
  if (input.half !== 1 && input.half !== 2) throw ValidationError.of('half', 'REPORT_HALF_RANGE', '半年应为 1（上半年）或 2（下半年）');
  const months = monthsOfHalf(input.year, input.half);
  const violations = monthViolations('year', months[0]!);
  if (violations.length > 0) throw new ValidationError(violations);
  const from = monthBounds(months[0]!).from;
  const to = monthBounds(months[5]!).to;
  const persons = ofCounty(input.countyCode, input.persons);
  const findings = input.findings.filter((f) => f.countyCode === input.countyCode);
  return {
    countyCode: input.countyCode,
    year: input.year,
    half: input.half,
    population: population(persons, new Date(to.getTime() - 1)),
    ...movements(persons, from, to),
    findings: (Object.keys(HALF_YEAR_FINDING_CATEGORIES) as HalfYearFindingCategory[]).map((category) => ({
      category,
      name: HALF_YEAR_FINDING_CATEGORIES[category],
      count: findings.filter((f) => f.category === category && inRange(f.foundAt, from, to)).length,
    })),
    monthlyFindings: monthlyLines(findings, from, to),
  };
}
