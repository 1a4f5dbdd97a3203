/** Statistics (统计年报): the public API of the module. */
export {
  actEnvelopeOf,
  actKey,
  evolveActSummary,
  foldActEvents,
  type ActEventEnvelope,
  type ActFact,
  type ActSummary,
} from './act-facts.js';
export {
  combineCountyReports,
  computeStatistics,
  type ReportScope,
  type StatisticsQuery,
  type StatisticsReport,
  type UnitFigures,
} from './compute-report.js';
export {
  addFigures,
  coercionTotal,
  legalReviewTotal,
  zeroFigures,
  type ActFigures,
  type CaseFileReviewFigures,
  type DisclosureFigures,
  type InspectionTraceFigures,
  type RandomInspectionFigures,
  type ReportFigures,
} from './figures.js';
export {
  CHINA_STANDARD_OFFSET_MS,
  REPORT_KIND_NAMES,
  annualReportDueAt,
  periodBounds,
  periodLabel,
  periodMonths,
  reportPeriodViolations,
  type ReportPeriod,
} from './report-period.js';
export type {
  InspectionVisitMonthFact,
  PublishedDecisionFact,
  RandomInspectionTaskFact,
  ReviewedCaseFileFact,
  SupervisionInputs,
} from './supervision-inputs.js';
