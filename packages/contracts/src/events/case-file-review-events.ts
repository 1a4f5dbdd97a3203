import { protobufEventCodec, type DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/supervision/v1/case_file_review.js';

/** Case-file review definition (评查方案): defined, rounds scheduled, retired. */
export type CaseFileReviewDefinitionEventV1 =
  | DomainEvent<'CaseFileReviewDefined', v1.CaseFileReviewDefined>
  | DomainEvent<'CaseFileReviewRoundScheduled', v1.CaseFileReviewRoundScheduled>
  | DomainEvent<'CaseFileReviewDefinitionRetired', v1.CaseFileReviewDefinitionRetired>;

/** One case-file review (案卷评查): opened, sample drawn (seed recorded), files scored, summary published, problems referred. */
export type CaseFileReviewEventV1 =
  | DomainEvent<'CaseFileReviewOpened', v1.CaseFileReviewOpened>
  | DomainEvent<'CaseFileSampleDrawn', v1.CaseFileSampleDrawn>
  | DomainEvent<'CaseFileScored', v1.CaseFileScored>
  | DomainEvent<'CaseFileReviewSummaryPublished', v1.CaseFileReviewSummaryPublished>
  | DomainEvent<'CaseFileReviewProblemsReferred', v1.CaseFileReviewProblemsReferred>;

export const caseFileReviewDefinitionEventCodec = protobufEventCodec<CaseFileReviewDefinitionEventV1>({
  CaseFileReviewDefined: { schemaVersion: 1, fns: v1.CaseFileReviewDefined },
  CaseFileReviewRoundScheduled: { schemaVersion: 1, fns: v1.CaseFileReviewRoundScheduled },
  CaseFileReviewDefinitionRetired: { schemaVersion: 1, fns: v1.CaseFileReviewDefinitionRetired },
});

export const caseFileReviewEventCodec = protobufEventCodec<CaseFileReviewEventV1>({
  CaseFileReviewOpened: { schemaVersion: 1, fns: v1.CaseFileReviewOpened },
  CaseFileSampleDrawn: { schemaVersion: 1, fns: v1.CaseFileSampleDrawn },
  CaseFileScored: { schemaVersion: 1, fns: v1.CaseFileScored },
  CaseFileReviewSummaryPublished: { schemaVersion: 1, fns: v1.CaseFileReviewSummaryPublished },
  CaseFileReviewProblemsReferred: { schemaVersion: 1, fns: v1.CaseFileReviewProblemsReferred },
});
