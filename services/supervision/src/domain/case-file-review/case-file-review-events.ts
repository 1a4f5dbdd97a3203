import type { EnforcementCategory } from '@lesp/core';
import type { SupervisionForm } from '../shared/supervision-forms.js';
import type { Checklist, FileGrade, ItemAssessment } from './checklist.js';
import type { SampleCriteria, SampledFile } from './sample.js';

export interface RecordedProblem {
  /** `${fileId}#${n}`, n from 1 in the order recorded: stable, so a rectification can name it. */
  readonly problemId: string;
  readonly fileId: string;
  readonly agencyId: string;
  readonly itemCode: string;
  readonly description: string;
}

export interface AgencyFigures {
  readonly agencyId: string;
  readonly files: number;
  readonly averageScore: number;
  readonly unqualified: number;
  readonly problems: number;
}

/** The published figures of a review (通报): what the county report and the portal show. */
export interface ReviewSummary {
  readonly filesReviewed: number;
  readonly enterpriseFiles: number;
  /** Enterprise files / files, in percent with two decimals (52.27 for 23 of 44). */
  readonly enterpriseSharePercent: number;
  readonly byCategory: readonly { readonly category: EnforcementCategory; readonly files: number }[];
  readonly averageScore: number;
  readonly excellent: number;
  readonly qualified: number;
  readonly unqualified: number;
  readonly byAgency: readonly AgencyFigures[];
  /** Problems per checklist item, most frequent first: the report's "common problems". */
  readonly problemsByItem: readonly { readonly itemCode: string; readonly name: string; readonly count: number }[];
}

export type CaseFileReviewEvent =
  | {
      readonly type: 'CaseFileReviewOpened';
      readonly data: {
        readonly reviewId: string;
        readonly countyCode: string;
        readonly title: string;
        readonly supervisionForm: SupervisionForm;
        readonly criteria: SampleCriteria;
        readonly checklist: Checklist;
        readonly definitionId?: string;
        readonly roundNumber?: number;
        readonly openedBy: string;
        readonly openedAt: Date;
      };
    }
  | {
      /** The audit record of a draw: drawCaseFiles(criteria, candidates, seed) gives sample again. */
      readonly type: 'CaseFileSampleDrawn';
      readonly data: {
        readonly reviewId: string;
        /** 1 for the first draw; a redraw before scoring records the next number and why. */
        readonly drawNumber: number;
        readonly seed: number;
        readonly algorithm: string;
        readonly candidateCount: number;
        /** candidatesDigest over auditLine([fileId, agencyId, category, enterprise]) of every candidate. */
        readonly candidatesDigest: string;
        /** Sorted by fileId; absent above MAX_INLINE_CANDIDATES (the application archives the list by its digest). */
        readonly candidates?: readonly SampledFile[];
        readonly sample: readonly SampledFile[];
        readonly redrawReason?: string;
        readonly drawnBy: string;
        readonly drawnAt: Date;
      };
    }
  | {
      readonly type: 'CaseFileScored';
      readonly data: {
        readonly reviewId: string;
        readonly fileId: string;
        readonly agencyId: string;
        readonly checklistVersion: string;
        readonly assessments: readonly ItemAssessment[];
        readonly score: number;
        readonly vetoedBy: readonly string[];
        readonly grade: FileGrade;
        readonly problems: readonly RecordedProblem[];
        readonly reviewerId: string;
        readonly scoredAt: Date;
      };
    }
  | {
      readonly type: 'CaseFileReviewSummaryPublished';
      readonly data: {
        readonly reviewId: string;
        readonly countyCode: string;
        readonly title: string;
        readonly summary: ReviewSummary;
        readonly conclusion: string;
        readonly publishedBy: string;
        readonly publishedAt: Date;
      };
    }
  | {
      readonly type: 'CaseFileReviewProblemsReferred';
      readonly data: {
        readonly reviewId: string;
        readonly agencyId: string;
        readonly rectificationId: string;
        readonly problems: readonly RecordedProblem[];
        readonly referredAt: Date;
      };
    };
