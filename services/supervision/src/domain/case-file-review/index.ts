/**
 * Case-file review (案卷评查), two aggregates:
 *
 * ReviewDefinition (one-off or recurring 评查方案), stream `${county}/CaseFileReviewDefinition/${id}`:
 *   DefineCaseFileReview            → CaseFileReviewDefined
 *   ScheduleCaseFileReviewRound     → CaseFileReviewRoundScheduled (carries an OpenCaseFileReview's data)
 *   RetireCaseFileReviewDefinition  → CaseFileReviewDefinitionRetired
 *
 * CaseFileReview (one round), stream `${county}/CaseFileReview/${reviewId}`:
 *   OpenCaseFileReview                   → CaseFileReviewOpened
 *   DrawCaseFileSample                   → CaseFileSampleDrawn (seed, algorithm, candidates, digest, sample)
 *   ScoreCaseFile                        → CaseFileScored (score, grade, veto, problems with ids)
 *   PublishCaseFileReviewSummary         → CaseFileReviewSummaryPublished (figures)
 *   ReferReviewProblemsForRectification  → CaseFileReviewProblemsReferred (→ IssueRectificationNotice)
 */
export * from './checklist.js';
export * from './sample.js';
export * from './review-schedule.js';
export * from './review-summary.js';
export * from './review-definition.js';
export * from './case-file-review-commands.js';
export * from './case-file-review-events.js';
export * from './case-file-review-decider.js';
export * from './verify-draw.js';
