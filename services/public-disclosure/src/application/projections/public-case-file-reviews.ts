import { caseFileReviewEventCodec, type caseFileReviewV1 } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { NO_TARGET, scrubText } from '../../domain/masking.js';

/** The published figures of a review (通报), as the event carries them. */
export interface PublicReviewSummary {
  filesReviewed: number;
  enterpriseFiles: number;
  enterpriseSharePercent: number;
  byCategory: { category: string; files: number }[];
  averageScore: number;
  excellent: number;
  qualified: number;
  unqualified: number;
  byAgency: { agencyId: string; files: number; averageScore: number; unqualified: number; problems: number }[];
  problemsByItem: { itemCode: string; name: string; count: number }[];
}

/**
 * Case-file reviews (案卷评查通报) as supervision published them. `CaseFileReviewOpened` gives
 * the supervision form and the period of the files reviewed (kept with `published: false`, never
 * answered before the summary); `CaseFileReviewSummaryPublished` gives the title, the figures
 * and the conclusion. Draws, files, scores of single files and the problems' descriptions are
 * never copied (a description may quote a party), nor who opened or published the review.
 */
export interface PublicCaseFileReviewDocument {
  _id: string;
  _v: number;
  countyCode: string;
  reviewId: string;
  published: boolean;
  title?: string;
  supervisionForm?: string;
  periodFrom?: Date;
  periodTo?: Date;
  summary?: PublicReviewSummary;
  conclusion?: string;
  publishedAt?: Date;
}

/** The public figures of a published summary. Pure; the conclusion's ID and phone numbers scrubbed. */
export function publicReviewSummary(data: caseFileReviewV1.CaseFileReviewSummaryPublished): {
  title: string;
  summary: PublicReviewSummary;
  conclusion: string;
} {
  const s = data.summary;
  return {
    title: data.title,
    summary: {
      filesReviewed: s?.filesReviewed ?? 0,
      enterpriseFiles: s?.enterpriseFiles ?? 0,
      enterpriseSharePercent: s?.enterpriseSharePercent ?? 0,
      byCategory: (s?.byCategory ?? []).map((c) => ({ category: c.category, files: c.files })),
      averageScore: s?.averageScore ?? 0,
      excellent: s?.excellent ?? 0,
      qualified: s?.qualified ?? 0,
      unqualified: s?.unqualified ?? 0,
      byAgency: (s?.byAgency ?? []).map((a) => ({
        agencyId: a.agencyId,
        files: a.files,
        averageScore: a.averageScore,
        unqualified: a.unqualified,
        problems: a.problems,
      })),
      problemsByItem: (s?.problemsByItem ?? []).map((p) => ({ itemCode: p.itemCode, name: p.name, count: p.count })),
    },
    // Written for the 通报, but a supervisor's free text: no ID or phone number goes out.
    conclusion: scrubText(data.conclusion, NO_TARGET),
  };
}

export const publicCaseFileReviewsProjection: Projection<PublicCaseFileReviewDocument> = {
  name: 'public-disclosure.public-case-file-reviews',
  readModel: 'rm_public_case_file_reviews',
  indexes: [{ key: { countyCode: 1, published: 1, _id: 1 }, name: 'county_published' }],
  handles: (eventType) => eventType === 'CaseFileReviewOpened' || eventType === 'CaseFileReviewSummaryPublished',
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = caseFileReviewEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'CaseFileReviewOpened': {
        const d = event.data;
        await applyVersioned(target, record.streamId, record, {
          $set: {
            reviewId: d.reviewId,
            supervisionForm: d.supervisionForm,
            ...(d.criteria?.period?.from ? { periodFrom: d.criteria.period.from } : {}),
            ...(d.criteria?.period?.to ? { periodTo: d.criteria.period.to } : {}),
          },
          $setOnInsert: { published: false },
        });
        return;
      }
      case 'CaseFileReviewSummaryPublished':
        await applyVersioned(target, record.streamId, record, {
          $set: {
            reviewId: event.data.reviewId,
            published: true,
            ...publicReviewSummary(event.data),
            publishedAt: event.data.publishedAt ?? record.occurredAt,
          },
        });
        return;
      case 'CaseFileSampleDrawn':
      case 'CaseFileScored':
      case 'CaseFileReviewProblemsReferred':
        // Not handled (see `handles`): draws, single files' scores and referrals stay internal.
        return;
      default:
        assertNever(event, 'case-file review event');
    }
  },
};
