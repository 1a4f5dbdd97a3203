import type { EnforcementCategory } from '@lesp/core';

/**
 * Figures that come from other supervision modules (random inspections, case-file reviews),
 * handed to the report as plain facts so statistics does not depend on their aggregates.
 * The application maps each module's read model to these.
 */

/** One "双随机、一公开" task (抽查任务) of a plan. */
export interface RandomInspectionTaskFact {
  readonly countyCode: string;
  readonly taskId: string;
  /** Agencies taking part; more than one makes it a cross-agency task (跨部门联合抽查). */
  readonly agencyIds: readonly string[];
  /** When the task was set (decides the period). */
  readonly plannedAt: Date;
  /** When the platform recorded the task. */
  readonly recordedAt: Date;
  /** 抽取执法人员人次. */
  readonly inspectorDraws: number;
  /** 抽取检查对象个数. */
  readonly targetsDrawn: number;
  /** Completed (已完成) at; a report as of an earlier date sees it open. */
  readonly completedAt?: Date;
  /** Results published (抽查结果公示) at. */
  readonly resultsPublishedAt?: Date;
}

/** One case file scored in a case-file review (案卷评查). */
export interface ReviewedCaseFileFact {
  readonly countyCode: string;
  readonly reviewId: string;
  /** The act whose file was reviewed. */
  readonly actId: string;
  readonly agencyId: string;
  readonly category: EnforcementCategory;
  /** 涉企案卷. */
  readonly enterprise: boolean;
  /** When the score was given (decides the period; the files themselves may be older). */
  readonly reviewedAt: Date;
  readonly recordedAt: Date;
  /** Score out of 100, in hundredths of a point (e.g. 8550 = 85.50) so sums stay exact. */
  readonly scoreCentipoints: number;
  /** Passed the checklist (a veto item fails the file whatever its score). */
  readonly passed: boolean;
  /** Problems found in the file. */
  readonly problems: number;
}

/** A decision published on the disclosure portal (行政执法结果公示), from public disclosure. */
export interface PublishedDecisionFact {
  readonly countyCode: string;
  readonly actId: string;
  readonly agencyId: string;
  readonly category: EnforcementCategory;
  /** Decides the period. */
  readonly publishedAt: Date;
  readonly recordedAt: Date;
}

/**
 * An agency's inspection visits of one month (扫码留痕), from public disclosure's traces: the
 * visits traced and the ratings enterprises gave, each with when the platform recorded it, and
 * nothing saying which visit a rating belongs to.
 */
export interface InspectionVisitMonthFact {
  readonly countyCode: string;
  readonly agencyId: string;
  /** YYYY-MM, China time, of the inspection: decides the period. */
  readonly month: string;
  readonly traced: readonly { readonly recordedAt: Date }[];
  readonly ratings: readonly { readonly rating: number; readonly recordedAt: Date }[];
}

export interface SupervisionInputs {
  readonly randomInspectionTasks?: readonly RandomInspectionTaskFact[];
  readonly reviewedCaseFiles?: readonly ReviewedCaseFileFact[];
  readonly publishedDecisions?: readonly PublishedDecisionFact[];
  readonly inspectionVisits?: readonly InspectionVisitMonthFact[];
}
