import { caseFileReviewDefinitionEventCodec } from '@lesp/contracts';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import type { CaseFileReviewCommands } from './review-commands.js';
import { reviewDefinitionCodec } from './review-codec.js';

interface RoundOpeningDocument {
  _id: string;
  _v: number;
  countyCode: string;
  reviewIds: string[];
}

/**
 * Process manager: a scheduled round (CaseFileReviewRoundScheduled) is opened as a review
 * (OpenCaseFileReview with the round's id, so a redelivery opens nothing twice). Its read
 * model (rm_case_file_review_round_openings) records, per definition, the rounds opened.
 */
export function reviewRoundOpener(commands: () => CaseFileReviewCommands): Projection<RoundOpeningDocument> {
  return {
    name: 'supervision.case-file-review-round-opener',
    readModel: 'rm_case_file_review_round_openings',
    indexes: [],
    handles: (eventType) => eventType === 'CaseFileReviewRoundScheduled' && caseFileReviewDefinitionEventCodec.handles(eventType),
    async apply(record, target) {
      if (record.source !== 'supervision') return;
      const event = reviewDefinitionCodec.decode(record.eventType, record.schemaVersion, record.payload);
      if (event.type !== 'CaseFileReviewRoundScheduled') return;
      await commands().openScheduledRound(event.data, record.eventId);
      await applyVersioned(target, record.streamId, record, { $push: { reviewIds: event.data.reviewId } });
    },
  };
}
