import type { SupervisionForm } from '../shared/supervision-forms.js';
import type { Checklist, ItemAssessment } from './checklist.js';
import type { CandidateFile, SampleCriteria } from './sample.js';

/** A problem found in a file, against one checklist item. */
export interface ProblemInput {
  readonly itemCode: string;
  readonly description: string;
}

/** Commands on one case-file review (案卷评查), one round of a recurring definition or a one-off. */
export type CaseFileReviewCommand =
  | {
      readonly type: 'OpenCaseFileReview';
      readonly data: {
        readonly reviewId: string;
        readonly countyCode: string;
        readonly title: string;
        readonly supervisionForm: SupervisionForm;
        readonly criteria: SampleCriteria;
        readonly checklist: Checklist;
        /** Set when opened as a round of a recurring definition. */
        readonly definitionId?: string;
        readonly roundNumber?: number;
        readonly openedBy: string;
        readonly openedAt: Date;
      };
    }
  | {
      readonly type: 'DrawCaseFileSample';
      readonly data: {
        readonly reviewId: string;
        /** 0 … 2^32−1, chosen by the application (crypto random) or announced before the draw. */
        readonly seed: number;
        /** Every closed file matching the criteria, as found in the act read model. */
        readonly candidates: readonly CandidateFile[];
        /** Required when drawing again (before any file is scored): why the first draw is set aside. */
        readonly redrawReason?: string;
        readonly drawnBy: string;
        readonly drawnAt: Date;
      };
    }
  | {
      readonly type: 'ScoreCaseFile';
      readonly data: {
        readonly reviewId: string;
        readonly fileId: string;
        readonly assessments: readonly ItemAssessment[];
        readonly problems: readonly ProblemInput[];
        readonly reviewerId: string;
        readonly scoredAt: Date;
      };
    }
  | {
      readonly type: 'PublishCaseFileReviewSummary';
      readonly data: { readonly reviewId: string; readonly conclusion: string; readonly publishedBy: string; readonly publishedAt: Date };
    }
  | {
      /** Turns an agency's problems into a rectification notice the application then issues with this id. */
      readonly type: 'ReferReviewProblemsForRectification';
      readonly data: { readonly reviewId: string; readonly agencyId: string; readonly rectificationId: string; readonly referredAt: Date };
    };
