import { assertAllowed, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, ValidationError } from '@lesp/core';
import { findInCounty, type ProjectionRunner } from '@lesp/projection-runner';
import { caseFileReviewsProjection, type CaseFileReviewDocument } from '../case-file-review/review-projections.js';
import { randomInspectionsProjection, type PlanDocument } from '../random-inspection/inspection-projections.js';
import { supervisedAgenciesProjection, type SupervisedAgencyDocument } from '../projections/supervised-agencies.js';
import {
  computeStatistics,
  periodMonths,
  reportPeriodViolations,
  type ReportPeriod,
  type InspectionVisitMonthFact,
  type PublishedDecisionFact,
  type RandomInspectionTaskFact,
  type ReportScope,
  type ReviewedCaseFileFact,
  type StatisticsReport,
} from '../../domain/statistics/index.js';
import { actSummariesProjection, summaryOf, type ActSummaryDocument } from './act-summaries-projection.js';
import { publishedDecisionOf, publishedDecisionsProjection, type PublishedDecisionDocument } from './published-decisions-projection.js';
import { inspectionVisitsProjection, visitMonths, type InspectionVisitDocument } from './inspection-visits-projection.js';

/** A period as the API takes it: kind month/half/year, the year, and the month or half. */
export interface PeriodInput {
  readonly kind: string;
  readonly year: number;
  readonly month?: number;
  readonly half?: number;
}

export interface ReportRequest {
  readonly period: PeriodInput;
  /** Only facts recorded by then count; now when absent. */
  readonly asOf?: Date;
  /** Display name of the county or city; its code when absent. */
  readonly name?: string;
}

const MAX_CITY_COUNTIES = 40;

/** The stages a report goes through, in order (StatisticsProgress.stage). */
export const REPORT_STAGES = ['act_summaries', 'case_file_reviews', 'random_inspections', 'published_decisions', 'computing'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** How far a report has come: its stage, and in the act summaries stage the records read of about how many. */
export interface ReportProgress {
  readonly stage: ReportStage;
  readonly recordsRead: number;
  /** The act summaries read model's size: an upper bound for one county (0 in other stages). */
  readonly recordsEstimate: number;
}

export type ProgressListener = (progress: ReportProgress) => void;

/** How often, in act summaries read, the listener hears of them. */
const PROGRESS_EVERY = 500;

export function periodOf(input: PeriodInput): ReportPeriod {
  let period: ReportPeriod;
  switch (input.kind) {
    case 'month':
      if (input.month === undefined) throw ValidationError.of('period.month', 'FIELD_REQUIRED', '月报须填写统计月份（1 到 12）');
      period = { kind: 'month', year: input.year, month: input.month };
      break;
    case 'half':
      if (input.half !== 1 && input.half !== 2)
        throw ValidationError.of('period.half', 'REPORT_HALF_RANGE', '半年应为 1（上半年）或 2（下半年）');
      period = { kind: 'half', year: input.year, half: input.half };
      break;
    case 'year':
      period = { kind: 'year', year: input.year };
      break;
    default:
      throw ValidationError.of('period.kind', 'REPORT_PERIOD_UNKNOWN', '统计周期应为 month（月报）、half（半年报）或 year（年报）');
  }
  const violations = reportPeriodViolations(period);
  if (violations.length > 0) throw new ValidationError(violations);
  return period;
}

/**
 * Statistics reports (统计报表) from the act summaries supervision keeps: per agency, per county
 * (with a line per agency) and per city (a line per county). Each report is computed as of
 * an instant, so the annual report published on 31 January can be reproduced later.
 * Callers' counties are checked again here before any read model is touched.
 */
export class StatisticsQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** `progress` hears of each stage as it starts (and of act summaries as they are read). */
  async county(
    principal: Principal,
    countyCode: string,
    request: ReportRequest,
    progress: ProgressListener = () => undefined,
  ): Promise<StatisticsReport> {
    assertCountyCode(countyCode);
    assertAllowed(principal, 'supervision.statistics.county', { countyCodes: [countyCode] }, this.clock());
    const period = periodOf(request.period);
    // One stage after another, so that progress says where the time goes (the act summaries, mostly).
    const summaries = await this.summaries({ countyCode }, progress);
    const agencyNames = await this.agencyNames(countyCode);
    const { reviewedCaseFiles, randomInspectionTasks, publishedDecisions } = await this.countyFacts([countyCode], progress);
    const inspectionVisits = await this.inspectionVisits(countyCode, Object.keys(agencyNames), period);
    progress(stageStart('computing'));
    const scope: ReportScope = { level: 'county', countyCode, name: nameOr(request.name, countyCode) };
    return computeStatistics(
      summaries,
      { scope, period, asOf: this.asOf(request), agencyNames },
      { reviewedCaseFiles, randomInspectionTasks, publishedDecisions, inspectionVisits },
    );
  }

  async agency(
    principal: Principal,
    countyCode: string,
    agencyId: string,
    request: ReportRequest,
    progress: ProgressListener = () => undefined,
  ): Promise<StatisticsReport> {
    assertCountyCode(countyCode);
    assertIdentifier(agencyId, 'agencyId');
    assertAllowed(principal, 'supervision.statistics.agency', { countyCodes: [countyCode], agencyId }, this.clock());
    const period = periodOf(request.period);
    const agencies = await this.projections.collection<SupervisedAgencyDocument>(supervisedAgenciesProjection.name);
    const agency = await findInCounty(agencies, `${countyCode}/Agency/${agencyId}`, countyCode);
    const summaries = await this.summaries({ countyCode, agencyId }, progress);
    const { reviewedCaseFiles, randomInspectionTasks, publishedDecisions } = await this.countyFacts([countyCode], progress);
    const inspectionVisits = await this.inspectionVisits(countyCode, [agencyId], period);
    progress(stageStart('computing'));
    const scope: ReportScope = { level: 'agency', countyCode, agencyId, name: agency?.name ?? agencyId };
    return computeStatistics(
      summaries,
      { scope, period, asOf: this.asOf(request) },
      { reviewedCaseFiles, randomInspectionTasks, publishedDecisions, inspectionVisits },
    );
  }

  /**
   * A city's roll-up: every county named must lie in the city and be readable by the caller.
   * Without counties named, the city's counties supervision knows agencies of.
   */
  async city(
    principal: Principal,
    regionCode: string,
    named: readonly string[],
    request: ReportRequest,
    progress: ProgressListener = () => undefined,
  ): Promise<StatisticsReport> {
    if (!/^[1-8][0-9]{3}$/.test(regionCode))
      throw ValidationError.of('regionCode', 'CITY_CODE_FORMAT', '须为 4 位市级行政区划代码，如 4311');
    assertAllowed(principal, 'supervision.statistics.city', { countyCodes: [`${regionCode}00`] }, this.clock());
    const countyCodes = named.length > 0 ? named : await this.countiesOf(regionCode);
    if (countyCodes.length === 0 || countyCodes.length > MAX_CITY_COUNTIES) {
      throw ValidationError.of('counties', 'CITY_COUNTIES_RANGE', `市级汇总应包含 1 到 ${MAX_CITY_COUNTIES} 个县（市、区）`);
    }
    countyCodes.forEach((code, i) => {
      assertCountyCode(code, `counties[${i}]`);
      if (!code.startsWith(regionCode)) {
        throw ValidationError.of(`counties[${i}]`, 'COUNTY_OUTSIDE_CITY', `${code} 不属于 ${regionCode} 市`);
      }
    });
    assertAllowed(principal, 'supervision.statistics.city', { countyCodes: [`${regionCode}00`, ...countyCodes] }, this.clock());
    const period = periodOf(request.period);
    const scope: ReportScope = {
      level: 'city',
      name: nameOr(request.name, regionCode),
      counties: countyCodes.map((countyCode) => ({ countyCode, name: countyCode })),
    };
    // computeStatistics refuses a county named twice before reading anything.
    const distinct = new Set(countyCodes).size === countyCodes.length;
    const summaries = distinct ? await this.summariesOf(countyCodes, progress) : [];
    const { reviewedCaseFiles, randomInspectionTasks, publishedDecisions } = distinct
      ? await this.countyFacts(countyCodes, progress)
      : { reviewedCaseFiles: [], randomInspectionTasks: [], publishedDecisions: [] };
    const inspectionVisits: InspectionVisitMonthFact[] = [];
    if (distinct)
      for (const countyCode of countyCodes)
        inspectionVisits.push(...(await this.inspectionVisits(countyCode, Object.keys(await this.agencyNames(countyCode)), period)));
    progress(stageStart('computing'));
    return computeStatistics(
      summaries,
      { scope, period, asOf: this.asOf(request) },
      { reviewedCaseFiles, randomInspectionTasks, publishedDecisions, inspectionVisits },
    );
  }

  /** The counties of a city that supervision knows agencies of (a scan of the agency read model: one row per agency). */
  private async countiesOf(regionCode: string): Promise<string[]> {
    const agencies = await this.projections.collection<SupervisedAgencyDocument>(supervisedAgenciesProjection.name);
    const codes = new Set<string>();
    for await (const doc of agencies.find({}, { projection: { countyCode: 1 } })) {
      if (typeof doc.countyCode === 'string' && doc.countyCode.startsWith(regionCode)) codes.add(doc.countyCode);
    }
    return [...codes].sort();
  }

  private asOf(request: ReportRequest): Date {
    const asOf = request.asOf ?? this.clock();
    if (Number.isNaN(asOf.getTime())) throw ValidationError.of('asOf', 'AS_OF_INVALID', '统计截止时间无效');
    return asOf;
  }

  private async summariesOf(countyCodes: readonly string[], progress: ProgressListener) {
    const all = [];
    for (const countyCode of countyCodes) all.push(...(await this.summaries({ countyCode }, progress, all.length)));
    return all;
  }

  /**
   * A report is a pass over its county's acts: one query on the county (and agency), read as a
   * stream; `progress` hears how many were read every PROGRESS_EVERY (`before`: read for earlier counties).
   */
  private async summaries(filter: { countyCode: string; agencyId?: string }, progress: ProgressListener, before = 0) {
    const collection = await this.projections.collection<ActSummaryDocument>(actSummariesProjection.name);
    // The collection's size from its metadata (no scan): an upper bound, as the collection holds every county's acts.
    const recordsEstimate = await collection.estimatedDocumentCount().catch(() => 0);
    const summaries = [];
    progress({ stage: 'act_summaries', recordsRead: before, recordsEstimate });
    for await (const doc of collection.find(filter)) {
      if (doc.countyCode !== filter.countyCode) continue;
      summaries.push(summaryOf(doc));
      if (summaries.length % PROGRESS_EVERY === 0)
        progress({ stage: 'act_summaries', recordsRead: before + summaries.length, recordsEstimate });
    }
    progress({ stage: 'act_summaries', recordsRead: before + summaries.length, recordsEstimate });
    return summaries;
  }

  /** The counties' reviewed case files, inspection tasks and published decisions, a stage each. */
  private async countyFacts(countyCodes: readonly string[], progress: ProgressListener) {
    const reviewedCaseFiles: ReviewedCaseFileFact[] = [];
    const randomInspectionTasks: RandomInspectionTaskFact[] = [];
    const publishedDecisions: PublishedDecisionFact[] = [];
    progress(stageStart('case_file_reviews'));
    for (const countyCode of countyCodes) reviewedCaseFiles.push(...(await this.reviewedCaseFiles(countyCode)));
    progress(stageStart('random_inspections'));
    for (const countyCode of countyCodes) randomInspectionTasks.push(...(await this.randomInspectionTasks(countyCode)));
    progress(stageStart('published_decisions'));
    for (const countyCode of countyCodes) publishedDecisions.push(...(await this.publishedDecisions(countyCode)));
    return { reviewedCaseFiles, randomInspectionTasks, publishedDecisions };
  }

  /**
   * Case files scored in the county's reviews (案卷评查), for the report's review figures. The
   * read model keeps when each file was scored, not when that was recorded: the scoring time
   * stands for both (a score is recorded as it is given).
   */
  private async reviewedCaseFiles(countyCode: string): Promise<ReviewedCaseFileFact[]> {
    const reviews = await this.projections.collection<CaseFileReviewDocument>(caseFileReviewsProjection.name);
    const facts: ReviewedCaseFileFact[] = [];
    for await (const review of reviews.find({ countyCode })) {
      if (review.countyCode !== countyCode) continue;
      for (const scored of Object.values(review.scored ?? {})) {
        const file = review.sample.find((f) => f.fileId === scored.fileId);
        if (!file) continue;
        facts.push({
          countyCode,
          reviewId: review.reviewId,
          actId: scored.fileId,
          agencyId: scored.agencyId,
          category: file.category,
          enterprise: file.enterprise,
          reviewedAt: scored.scoredAt,
          recordedAt: scored.scoredAt,
          scoreCentipoints: Math.round(scored.score * 100),
          passed: scored.grade !== 'unqualified',
          problems: scored.problems.length,
        });
      }
    }
    return facts;
  }

  /** The county's random-inspection plans (双随机、一公开), each a task of the report's figures. */
  private async randomInspectionTasks(countyCode: string): Promise<RandomInspectionTaskFact[]> {
    const plans = await this.projections.collection<PlanDocument>(randomInspectionsProjection.name);
    const facts: RandomInspectionTaskFact[] = [];
    for await (const plan of plans.find({ countyCode })) if (plan.countyCode === countyCode) facts.push(inspectionTaskOf(plan));
    return facts;
  }

  /** Decisions the disclosure portal published (公示), from public disclosure's DecisionPublished. */
  private async publishedDecisions(countyCode: string): Promise<PublishedDecisionFact[]> {
    const published = await this.projections.collection<PublishedDecisionDocument>(publishedDecisionsProjection.name);
    const facts: PublishedDecisionFact[] = [];
    for await (const doc of published.find({ countyCode })) if (doc.countyCode === countyCode) facts.push(publishedDecisionOf(doc));
    return facts;
  }

  /**
   * The agencies' inspection visits (扫码留痕) of the period's months, from public disclosure's
   * traces, read by `_id` per agency and month (read in the published_decisions stage: both come
   * from public disclosure, and the stages clients know stay as they were).
   */
  private async inspectionVisits(countyCode: string, agencyIds: readonly string[], period: ReportPeriod) {
    const visits = await this.projections.collection<InspectionVisitDocument>(inspectionVisitsProjection.name);
    return visitMonths(visits, countyCode, agencyIds, periodMonths(period));
  }

  private async agencyNames(countyCode: string): Promise<Record<string, string>> {
    const agencies = await this.projections.collection<SupervisedAgencyDocument>(supervisedAgenciesProjection.name);
    const names: Record<string, string> = {};
    for await (const doc of agencies.find({ countyCode })) names[doc.agencyId] = doc.name;
    return names;
  }
}

/**
 * A plan as a task of the statistics: planned when it was made (a plan projected before the read
 * model kept that time counts from the start of its period, recorded then, until the read model
 * is rebuilt), completed when every drawn target had its result, its results published once every
 * recorded result was (the last publication's time).
 */
export function inspectionTaskOf(plan: PlanDocument): RandomInspectionTaskFact {
  const plannedAt = plan.plannedAt ?? plan.period.from;
  const recorded = Object.keys(plan.results ?? {});
  const allPublished = recorded.length > 0 && recorded.every((id) => plan.publishedTargetIds.includes(id));
  const completedAt = plan.status === 'completed' ? (plan.completedAt ?? plan.updatedAt) : undefined;
  return {
    countyCode: plan.countyCode,
    taskId: plan.planId,
    agencyIds: [...plan.agencyIds],
    plannedAt,
    recordedAt: plan.plannedRecordedAt ?? plannedAt,
    inspectorDraws: plan.teams.reduce((sum, team) => sum + team.inspectorIds.length, 0),
    targetsDrawn: plan.targets.length,
    ...(completedAt ? { completedAt } : {}),
    ...(allPublished ? { resultsPublishedAt: plan.resultsPublishedAt ?? plan.updatedAt } : {}),
  };
}

const stageStart = (stage: ReportStage): ReportProgress => ({ stage, recordsRead: 0, recordsEstimate: 0 });

const nameOr = (name: string | undefined, code: string) => (name && name.trim() !== '' ? name.trim() : code);
