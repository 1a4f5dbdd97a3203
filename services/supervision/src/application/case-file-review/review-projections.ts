import { caseFileReviewDefinitionEventCodec, caseFileReviewEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import type { RecordedProblem, ReviewSummary } from '../../domain/case-file-review/case-file-review-events.js';
import type { Checklist } from '../../domain/case-file-review/checklist.js';
import type { RoundCriteria } from '../../domain/case-file-review/review-definition.js';
import type { ReviewRecurrence } from '../../domain/case-file-review/review-schedule.js';
import type { SampleCriteria, SampledFile } from '../../domain/case-file-review/sample.js';
import { caseFileReviewCodec, reviewDefinitionCodec } from './review-codec.js';

/** A draw as the review shows it: seed, algorithm, candidate count and digest, and its sample. */
export interface DrawRecord {
  drawNumber: number;
  seed: number;
  algorithm: string;
  candidateCount: number;
  candidatesDigest: string;
  sampleSize: number;
  redrawReason: string;
  drawnBy: string;
  drawnAt: Date;
  sample: SampledFile[];
}

export interface ScoredRecord {
  fileId: string;
  agencyId: string;
  score: number;
  grade: string;
  vetoedBy: string[];
  problems: RecordedProblem[];
  reviewerId: string;
  scoredAt: Date;
}

/** One case-file review (rm_case_file_reviews), `_id` = its stream id. */
export interface CaseFileReviewDocument {
  _id: string;
  _v: number;
  countyCode: string;
  reviewId: string;
  title: string;
  supervisionForm: string;
  status: 'opened' | 'sampled' | 'published';
  definitionId: string;
  roundNumber: number;
  criteria: SampleCriteria;
  checklist: Checklist;
  draws: DrawRecord[];
  sample: SampledFile[];
  /** Keyed by file id: a second scoring before publication replaces the first. */
  scored: Record<string, ScoredRecord>;
  summary?: ReviewSummary;
  conclusion?: string;
  referrals: { agencyId: string; rectificationId: string; problems: number; referredAt: Date }[];
  openedAt: Date;
  updatedAt: Date;
}

/** One review definition (rm_case_file_review_definitions), `_id` = its stream id. */
export interface ReviewDefinitionDocument {
  _id: string;
  _v: number;
  countyCode: string;
  definitionId: string;
  title: string;
  supervisionForm: string;
  status: 'active' | 'retired';
  recurrence: ReviewRecurrence;
  criteria: RoundCriteria;
  checklistVersion: string;
  roundsScheduled: number;
  reviewIds: string[];
  retiredReason?: string;
  updatedAt: Date;
}

export const caseFileReviewsProjection: Projection<CaseFileReviewDocument> = {
  name: 'supervision.case-file-reviews',
  readModel: 'rm_case_file_reviews',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => caseFileReviewEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = caseFileReviewCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = record.streamId;
    const at = record.occurredAt;
    switch (event.type) {
      case 'CaseFileReviewOpened': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
            reviewId: d.reviewId,
            title: d.title,
            supervisionForm: d.supervisionForm,
            status: 'opened',
            definitionId: d.definitionId ?? '',
            roundNumber: d.roundNumber ?? 0,
            criteria: d.criteria,
            checklist: d.checklist,
            draws: [],
            sample: [],
            scored: {},
            referrals: [],
            openedAt: d.openedAt,
            updatedAt: at,
          },
        });
        return;
      }
      case 'CaseFileSampleDrawn': {
        const d = event.data;
        const draw: DrawRecord = {
          drawNumber: d.drawNumber,
          seed: d.seed,
          algorithm: d.algorithm,
          candidateCount: d.candidateCount,
          candidatesDigest: d.candidatesDigest,
          sampleSize: d.sample.length,
          redrawReason: d.redrawReason ?? '',
          drawnBy: d.drawnBy,
          drawnAt: d.drawnAt,
          sample: [...d.sample],
        };
        await applyVersioned(target, id, record, {
          $set: { status: 'sampled', sample: [...d.sample], updatedAt: at },
          $push: { draws: draw },
        });
        return;
      }
      case 'CaseFileScored': {
        const d = event.data;
        const scored: ScoredRecord = {
          fileId: d.fileId,
          agencyId: d.agencyId,
          score: d.score,
          grade: d.grade,
          vetoedBy: [...d.vetoedBy],
          problems: [...d.problems],
          reviewerId: d.reviewerId,
          scoredAt: d.scoredAt,
        };
        // File ids are identifiers (letters, digits, "_" and "-"): safe as a field name.
        await applyVersioned(target, id, record, { $set: { [`scored.${d.fileId}`]: scored, updatedAt: at } as never });
        return;
      }
      case 'CaseFileReviewSummaryPublished':
        await applyVersioned(target, id, record, {
          $set: { status: 'published', summary: event.data.summary, conclusion: event.data.conclusion, updatedAt: at },
        });
        return;
      case 'CaseFileReviewProblemsReferred': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: { updatedAt: at },
          $push: {
            referrals: { agencyId: d.agencyId, rectificationId: d.rectificationId, problems: d.problems.length, referredAt: d.referredAt },
          },
        });
        return;
      }
      default:
        assertNever(event, 'case-file review event');
    }
  },
};

export const reviewDefinitionsProjection: Projection<ReviewDefinitionDocument> = {
  name: 'supervision.case-file-review-definitions',
  readModel: 'rm_case_file_review_definitions',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => caseFileReviewDefinitionEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = reviewDefinitionCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = record.streamId;
    switch (event.type) {
      case 'CaseFileReviewDefined': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
            definitionId: d.definitionId,
            title: d.title,
            supervisionForm: d.supervisionForm,
            status: 'active',
            recurrence: d.recurrence,
            criteria: d.criteria,
            checklistVersion: d.checklist.version,
            roundsScheduled: 0,
            reviewIds: [],
            updatedAt: record.occurredAt,
          },
        });
        return;
      }
      case 'CaseFileReviewRoundScheduled':
        await applyVersioned(target, id, record, {
          $set: { roundsScheduled: event.data.roundNumber, updatedAt: record.occurredAt },
          $push: { reviewIds: event.data.reviewId },
        });
        return;
      case 'CaseFileReviewDefinitionRetired':
        await applyVersioned(target, id, record, {
          $set: { status: 'retired', retiredReason: event.data.reason, updatedAt: record.occurredAt },
        });
        return;
      default:
        assertNever(event, 'review definition event');
    }
  },
};
