import type { CleanUpOutcome, FilingBody } from './normative-document-commands.js';

/** Events of one normative document. The first names its county. */
export type NormativeDocumentEvent =
  | {
      readonly type: 'NormativeDocumentRegistered';
      readonly data: {
        readonly documentId: string;
        readonly countyCode: string;
        readonly issuer: string;
        readonly documentNumber: string;
        readonly title: string;
        readonly issuedAt: Date;
        readonly effectiveFrom: Date;
        readonly validUntil: Date;
        readonly registeredBy: string;
      };
    }
  | {
      readonly type: 'NormativeDocumentFiled';
      readonly data: {
        readonly documentId: string;
        readonly filedWith: FilingBody;
        readonly recipient: string;
        readonly filingNumber: string;
        readonly filedAt: Date;
        /** Filed after the 30 days (of issue, or of the amendment being filed). */
        readonly late: boolean;
      };
    }
  | {
      readonly type: 'NormativeDocumentReviewPassed';
      readonly data: { readonly documentId: string; readonly reviewedBy: FilingBody; readonly opinion: string; readonly reviewedAt: Date };
    }
  | {
      readonly type: 'NormativeDocumentReturnedForCorrection';
      readonly data: { readonly documentId: string; readonly reviewedBy: FilingBody; readonly opinion: string; readonly reviewedAt: Date };
    }
  | {
      readonly type: 'NormativeDocumentCorrected';
      readonly data: { readonly documentId: string; readonly summary: string; readonly correctedAt: Date };
    }
  | {
      readonly type: 'NormativeDocumentCleanedUp';
      readonly data: {
        readonly documentId: string;
        readonly cleanUp: string;
        readonly outcome: CleanUpOutcome;
        readonly reason: string;
        /** In force until then (kept, amended); absent when repealed. */
        readonly validUntil?: Date;
        readonly decidedAt: Date;
      };
    };
