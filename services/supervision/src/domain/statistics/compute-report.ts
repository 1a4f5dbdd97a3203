import { ValidationError, assertCountyCode, type Violation } from '@lesp/core';
import type { ActFact, ActSummary } from './act-facts.js';
import { addActFigures, addFigures, zeroFigures, type ReportFigures } from './figures.js';
import { chinaMonthStart, inBounds, periodBounds, reportPeriodViolations, type ReportPeriod } from './report-period.js';
import type {
  InspectionVisitMonthFact,
  PublishedDecisionFact,
  RandomInspectionTaskFact,
  ReviewedCaseFileFact,
  SupervisionInputs,
} from './supervision-inputs.js';

/** Who a report is about: one agency, one county, or a city's counties rolled up. */
export type ReportScope =
  | { readonly level: 'agency'; readonly countyCode: string; readonly agencyId: string; readonly name: string }
  | { readonly level: 'county'; readonly countyCode: string; readonly name: string }
  | { readonly level: 'city'; readonly name: string; readonly counties: readonly { readonly countyCode: string; readonly name: string }[] };

export interface StatisticsQuery {
  readonly scope: ReportScope;
  readonly period: ReportPeriod;
  /**
   * The report as the platform knew it at this instant: a fact counts only if it was
   * recorded (recordedAt) by then. Which period it counts in is decided by when it happened
   * (occurredAt). So a late-recorded decision of December changes December's figures only
   * in reports computed after it was recorded, and the report published on 31 January can be
   * recomputed exactly, years later, with asOf = that day.
   */
  readonly asOf: Date;
  /** Display names of agencies for the per-unit breakdown (ids are shown otherwise). */
  readonly agencyNames?: Readonly<Record<string, string>>;
}

/** One line of the breakdown: an agency of a county report, a county of a city report. */
export interface UnitFigures {
  readonly unitId: string;
  readonly name: string;
  readonly figures: ReportFigures;
}

export interface StatisticsReport {
  readonly scope: ReportScope;
  readonly period: ReportPeriod;
  readonly asOf: Date;
  readonly from: Date;
  readonly to: Date;
  readonly figures: ReportFigures;
  /** Per agency (county scope) or per county (city scope); empty for an agency. */
  readonly units: readonly UnitFigures[];
}

type DeepMutable<T> = { -readonly [K in keyof T]: T[K] extends object ? DeepMutable<T[K]> : T[K] };
type Counter = DeepMutable<ReportFigures>;

const GRANTED = new Set(['granted', 'partially_granted']);

function queryViolations(query: StatisticsQuery): Violation[] {
  const violations = reportPeriodViolations(query.period);
  if (!(query.asOf instanceof Date) || Number.isNaN(query.asOf.getTime())) {
    violations.push({ field: 'asOf', code: 'AS_OF_INVALID', message: '统计截止时间无效' });
  }
  const { scope } = query;
  const codes = scope.level === 'city' ? scope.counties.map((c) => c.countyCode) : [scope.countyCode];
  if (scope.level === 'city' && codes.length === 0) {
    violations.push({ field: 'scope.counties', code: 'CITY_WITHOUT_COUNTIES', message: '市级汇总须至少包含一个县（区）' });
  }
  if (new Set(codes).size !== codes.length) {
    violations.push({ field: 'scope.counties', code: 'COUNTY_REPEATED', message: '市级汇总的县（区）不能重复' });
  }
  codes.forEach((code, i) => {
    try {
      assertCountyCode(code, scope.level === 'city' ? `scope.counties[${i}].countyCode` : 'scope.countyCode');
    } catch (error) {
      if (error instanceof ValidationError) violations.push(...error.violations);
      else throw error;
    }
  });
  return violations;
}

/** Adds one act's contribution to a counter. */
function countAct(counter: Counter, summary: ActSummary, bounds: { from: Date; to: Date }, asOf: Date): void {
  const known = summary.facts.filter((f) => f.recordedAt.getTime() <= asOf.getTime());
  if (!known.some((f) => f.kind === 'opened')) return;
  const inPeriod = known.filter((f) => inBounds(bounds, f.at));
  const has = (kind: ActFact['kind']) => inPeriod.some((f) => f.kind === kind);
  const decision = inPeriod.find((f) => f.kind === 'decision');
  // Counted once per act, in the period of the first one (an act may apply to court twice).
  const firstCourtApplication = known.find((f) => f.kind === 'courtApplication');
  const appliedToCourt = firstCourtApplication !== undefined;
  if (firstCourtApplication && inBounds(bounds, firstCourtApplication.at)) counter.acts.coercion.courtApplications += 1;

  const { acts } = counter;
  if (has('archived') && (summary.category === 'licensing' || summary.category === 'penalty')) acts.archived[summary.category] += 1;
  switch (summary.category) {
    case 'licensing':
      if (has('opened')) acts.licensing.applied += 1;
      if (inPeriod.some((f) => f.kind === 'acceptance' && f.accepted)) acts.licensing.accepted += 1;
      if (decision && GRANTED.has(decision.outcome)) acts.licensing.granted += 1;
      if (has('hearing')) acts.licensing.hearings += 1;
      break;
    case 'penalty': {
      if (has('opened')) acts.penalty.filed += 1;
      if (has('closed')) acts.penalty.closed += 1;
      if (has('hearing')) acts.penalty.hearings += 1;
      if (decision) {
        acts.penalty.decided += 1;
        acts.penalty.finesFen += decision.finesFen;
        if (decision.firstOffenceExempt) acts.penalty.firstOffenceExempt += 1;
        if (decision.lighter) acts.penalty.lighter += 1;
      }
      // The agency executing its own penalty decision by force is a coercive execution
      // (《行政强制法》); one it asked the court to enforce is counted as a court application.
      const enforced = known.find((f) => f.kind === 'execution' && f.enforced);
      if (enforced && !appliedToCourt && inBounds(bounds, enforced.at)) acts.coercion.executions += 1;
      break;
    }
    case 'coercion':
      // A decision to execute that went to court is the court application, not an execution
      // of the agency's own; a release (解除) is not a measure taken.
      if (decision?.outcome === 'measure') acts.coercion.measures += 1;
      if (decision?.outcome === 'execution' && !appliedToCourt) acts.coercion.executions += 1;
      break;
    case 'inspection':
      if (decision) acts.inspections += 1;
      break;
    case 'benefit':
      if (decision) acts.benefits += 1;
      break;
    case 'award':
      if (decision) acts.awards += 1;
      break;
    case 'confirmation':
      if (decision) acts.confirmations += 1;
      break;
    case 'levy':
      if (decision) acts.levies += 1;
      break;
    case 'adjudication':
      if (decision) acts.adjudications += 1;
      break;
    case 'compensation':
      if (decision) acts.compensations += 1;
      break;
    default: {
      const unknown: never = summary.category;
      throw new Error(`unknown category ${String(unknown)}`);
    }
  }
  // 法制审核: one case per act reviewed in the period, by its last review there
  // (a rejected review followed by a passed one is one case, passed).
  const reviews = inPeriod.filter((f) => f.kind === 'legalReview');
  const last = reviews[reviews.length - 1];
  if (last) {
    if (last.passed) acts.legalReview.passed += 1;
    else acts.legalReview.rejected += 1;
  }
}

function countTask(counter: Counter, task: RandomInspectionTaskFact, asOf: Date): void {
  const r = counter.randomInspection;
  r.tasks += 1;
  if (task.agencyIds.length > 1) r.crossAgencyTasks += 1;
  r.inspectorDraws += task.inspectorDraws;
  r.targetsDrawn += task.targetsDrawn;
  const done = task.completedAt !== undefined && task.completedAt.getTime() <= asOf.getTime();
  if (done) r.completedTasks += 1;
  if (done && task.resultsPublishedAt !== undefined && task.resultsPublishedAt.getTime() <= asOf.getTime()) r.publishedTasks += 1;
}

function countPublished(counter: Counter, decision: PublishedDecisionFact): void {
  if (decision.category === 'licensing' || decision.category === 'penalty') counter.disclosure[decision.category] += 1;
}

function countFile(counter: Counter, file: ReviewedCaseFileFact): void {
  const c = counter.caseFileReview;
  c.files += 1;
  if (file.category === 'licensing') c.licensingFiles += 1;
  if (file.category === 'penalty') c.penaltyFiles += 1;
  if (file.enterprise) c.enterpriseFiles += 1;
  if (file.passed) c.passed += 1;
  else c.failed += 1;
  c.problems += file.problems;
  c.scoreCentipointsSum += file.scoreCentipoints;
}

/** An agency's month of inspection visits: what the platform had recorded by asOf. */
function countVisits(counter: Counter, visits: InspectionVisitMonthFact, asOf: Date): void {
  const known = <T extends { recordedAt: Date }>(entries: readonly T[]) => entries.filter((e) => e.recordedAt.getTime() <= asOf.getTime());
  const t = counter.inspectionTrace;
  t.traced += known(visits.traced).length;
  for (const { rating } of known(visits.ratings)) {
    t.confirmed += 1;
    t.ratingSum += rating;
    t.ratingCount += 1;
  }
}

/** The first instant of a YYYY-MM month (China time), or undefined for anything else. */
function monthStart(month: string): Date | undefined {
  const match = /^([0-9]{4})-(0[1-9]|1[0-2])$/.exec(month);
  return match ? chinaMonthStart(Number(match[1]), Number(match[2])) : undefined;
}

/**
 * The report of a scope and period as of a date: a pure pass over act summaries (any
 * superset: acts outside the scope are skipped) and the other modules' facts.
 */
export function computeStatistics(
  summaries: Iterable<ActSummary>,
  query: StatisticsQuery,
  inputs: SupervisionInputs = {},
): StatisticsReport {
  const violations = queryViolations(query);
  if (violations.length > 0) throw new ValidationError(violations);
  const { scope, asOf } = query;
  const bounds = periodBounds(query.period);
  const counties = new Set(scope.level === 'city' ? scope.counties.map((c) => c.countyCode) : [scope.countyCode]);
  const inScope = (countyCode: string, agencyIds: readonly string[]) =>
    counties.has(countyCode) && (scope.level !== 'agency' || agencyIds.includes(scope.agencyId));
  // Units: agencies of a county, counties of a city.
  const unitsOf = (countyCode: string, agencyIds: readonly string[]) =>
    scope.level === 'county' ? agencyIds : scope.level === 'city' ? [countyCode] : [];

  const total = zeroFigures() as Counter;
  const units = new Map<string, Counter>();
  const unit = (id: string) => {
    let counter = units.get(id);
    if (!counter) units.set(id, (counter = zeroFigures() as Counter));
    return counter;
  };

  // An act belongs to exactly one unit: counted there once, and the units added up for the
  // total (half the work of counting it twice, on a county-year of some 370,000 acts).
  for (const summary of summaries) {
    if (!inScope(summary.countyCode, [summary.agencyId])) continue;
    const [id] = unitsOf(summary.countyCode, [summary.agencyId]);
    countAct(id === undefined ? total : unit(id), summary, bounds, asOf);
  }
  if (scope.level !== 'agency')
    total.acts = [...units.values()].reduce((sum, u) => addActFigures(sum, u.acts), zeroFigures().acts) as Counter['acts'];
  for (const task of inputs.randomInspectionTasks ?? []) {
    if (!inScope(task.countyCode, task.agencyIds)) continue;
    if (task.recordedAt.getTime() > asOf.getTime() || !inBounds(bounds, task.plannedAt)) continue;
    // A cross-agency task counts once for the county and once for each agency taking part.
    countTask(total, task, asOf);
    for (const id of new Set(unitsOf(task.countyCode, task.agencyIds))) countTask(unit(id), task, asOf);
  }
  for (const file of inputs.reviewedCaseFiles ?? []) {
    if (!inScope(file.countyCode, [file.agencyId])) continue;
    if (file.recordedAt.getTime() > asOf.getTime() || !inBounds(bounds, file.reviewedAt)) continue;
    countFile(total, file);
    for (const id of unitsOf(file.countyCode, [file.agencyId])) countFile(unit(id), file);
  }

  for (const decision of inputs.publishedDecisions ?? []) {
    if (!inScope(decision.countyCode, [decision.agencyId])) continue;
    if (decision.recordedAt.getTime() > asOf.getTime() || !inBounds(bounds, decision.publishedAt)) continue;
    countPublished(total, decision);
    for (const id of unitsOf(decision.countyCode, [decision.agencyId])) countPublished(unit(id), decision);
  }

  // Periods are whole months (China time): a month's visits count when its first day is in the period.
  for (const visits of inputs.inspectionVisits ?? []) {
    if (!inScope(visits.countyCode, [visits.agencyId])) continue;
    const start = monthStart(visits.month);
    if (!start || !inBounds(bounds, start)) continue;
    countVisits(total, visits, asOf);
    for (const id of unitsOf(visits.countyCode, [visits.agencyId])) countVisits(unit(id), visits, asOf);
  }

  const nameOf = (id: string) =>
    scope.level === 'city' ? (scope.counties.find((c) => c.countyCode === id)?.name ?? id) : (query.agencyNames?.[id] ?? id);
  const unitIds = scope.level === 'city' ? scope.counties.map((c) => c.countyCode) : [...units.keys()].sort();
  return {
    scope,
    period: query.period,
    asOf,
    from: bounds.from,
    to: bounds.to,
    figures: total,
    units: unitIds.map((id) => ({ unitId: id, name: nameOf(id), figures: units.get(id) ?? zeroFigures() })),
  };
}

/**
 * A city's roll-up from its counties' reports (each computed where its county's data lives):
 * counts are added, rates are derived from the sums when shown. The reports must be of the
 * city's counties, for the same period and as of the same date.
 */
export function combineCountyReports(
  scope: Extract<ReportScope, { level: 'city' }>,
  reports: readonly StatisticsReport[],
): StatisticsReport {
  const [first] = reports;
  if (!first) throw ValidationError.of('reports', 'NO_REPORTS', '须至少提供一个县（区）的统计报表');
  const violations: Violation[] = [];
  reports.forEach((report, i) => {
    if (report.scope.level !== 'county') {
      violations.push({ field: `reports[${i}].scope`, code: 'NOT_A_COUNTY_REPORT', message: '市级汇总只能由县（区）报表汇总' });
    } else if (!scope.counties.some((c) => c.countyCode === (report.scope as { countyCode: string }).countyCode)) {
      violations.push({ field: `reports[${i}].scope`, code: 'COUNTY_NOT_IN_CITY', message: '该县（区）不属于本次汇总范围' });
    }
    if (JSON.stringify(report.period) !== JSON.stringify(first.period) || report.asOf.getTime() !== first.asOf.getTime()) {
      violations.push({ field: `reports[${i}]`, code: 'REPORTS_MISMATCH', message: '汇总的报表须为同一统计期间、同一截止时间' });
    }
  });
  const byCounty = new Map(reports.map((r) => [(r.scope as { countyCode: string }).countyCode, r]));
  if (byCounty.size !== reports.length) violations.push({ field: 'reports', code: 'COUNTY_REPEATED', message: '同一县（区）的报表重复' });
  if (violations.length > 0) throw new ValidationError(violations);
  const units = scope.counties.map((c) => ({
    unitId: c.countyCode,
    name: c.name,
    figures: byCounty.get(c.countyCode)?.figures ?? zeroFigures(),
  }));
  return {
    scope,
    period: first.period,
    asOf: first.asOf,
    from: first.from,
    to: first.to,
    figures: units.reduce((sum, u) => addFigures(sum, u.figures), zeroFigures()),
    units,
  };
}
