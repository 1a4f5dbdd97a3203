/**
 * Random inspections (双随机、一公开): one aggregate per plan (抽查任务), stream
 * `${countyCode}/RandomInspection/${planId}`.
 *
 *   PlanRandomInspection      → RandomInspectionPlanned (crossAgency when more than one agency)
 *   PublishInspectionPlan     → InspectionPlanMarkedForPublication
 *   DrawInspectionTargets     → InspectionTargetsDrawn (first random; final)
 *   DrawInspectors            → InspectorsDrawn (second random; exclusions and recusals recorded)
 *   RecordInspectionResult    → InspectionResultRecorded [+ RandomInspectionCompleted on the last target]
 *   PublishInspectionResults  → InspectionResultsMarkedForPublication
 *
 * planFigures / inspectionFigures give the completion and publication rates.
 */
export * from './inspection-commands.js';
export * from './inspection-events.js';
export * from './inspection-draw.js';
export * from './inspection-decider.js';
export * from './inspection-figures.js';
export { MAX_INSPECTORS_PER_TARGET, MAX_REGISTRY, MAX_TARGETS } from './inspection-rules.js';
export * from './verify-draw.js';
