import type { SupervisionForm } from '../shared/supervision-forms.js';
import type { Accountability, CopyRecipient, RectificationDocumentKind, RectificationOutcome } from './rectification-commands.js';

/** A ground as recorded: the lookup flag is gone, the agency check already passed. */
export type RecordedGround =
  | { readonly kind: 'alert'; readonly alertId: string }
  | { readonly kind: 'case_file_problem'; readonly reviewId: string; readonly problemId: string; readonly description: string }
  | { readonly kind: 'inspection_finding'; readonly planId: string; readonly targetId: string; readonly description: string }
  | { readonly kind: 'finding'; readonly description: string };

/** Events of one rectification. Every event names the rectification; the first one names county and agency. */
export type RectificationEvent =
  | {
      readonly type: 'RectificationNoticeIssued';
      readonly data: {
        readonly rectificationId: string;
        readonly countyCode: string;
        readonly documentKind: RectificationDocumentKind;
        readonly documentNumber: string;
        readonly supervisionForm: SupervisionForm;
        readonly agencyId: string;
        readonly grounds: readonly RecordedGround[];
        readonly findings: string;
        readonly requirements: string;
        readonly deadline: Date;
        readonly copiedTo: readonly CopyRecipient[];
        readonly issuedBy: string;
        readonly issuedAt: Date;
      };
    }
  | {
      readonly type: 'RectificationReplied';
      readonly data: {
        readonly rectificationId: string;
        readonly agencyId: string;
        readonly measures: readonly string[];
        readonly explanation: string;
        readonly repliedBy: string;
        readonly repliedAt: Date;
        /** Replied after the deadline in force (after an escalation, too). */
        readonly late: boolean;
      };
    }
  | {
      readonly type: 'RectificationAccepted';
      readonly data: { readonly rectificationId: string; readonly opinion: string; readonly acceptedBy: string; readonly acceptedAt: Date };
    }
  | {
      readonly type: 'RectificationReturned';
      readonly data: {
        readonly rectificationId: string;
        readonly reason: string;
        readonly newDeadline: Date;
        /** 1 for the first return. */
        readonly round: number;
        readonly returnedBy: string;
        readonly returnedAt: Date;
      };
    }
  | {
      readonly type: 'RectificationEscalated';
      readonly data: {
        readonly rectificationId: string;
        readonly agencyId: string;
        /** 1 for the first escalation, 2 when a second deadline passed too. */
        readonly level: number;
        /** The deadline that passed. */
        readonly overdueSince: Date;
        readonly reportedTo: readonly CopyRecipient[];
        readonly newDeadline?: Date;
        readonly escalatedAt: Date;
      };
    }
  | {
      readonly type: 'RectificationClosed';
      readonly data: {
        readonly rectificationId: string;
        readonly outcome: RectificationOutcome;
        readonly publicSummary: string;
        readonly closedBy: string;
        readonly closedAt: Date;
      };
    }
  | {
      readonly type: 'AccountabilityRecorded';
      readonly data: { readonly rectificationId: string; readonly accountability: Accountability };
    }
  | {
      /** Public disclosure listens for this one (整改落实公布); it carries what may be shown. */
      readonly type: 'RectificationMarkedForPublication';
      readonly data: {
        readonly rectificationId: string;
        readonly countyCode: string;
        readonly agencyId: string;
        readonly documentKind: RectificationDocumentKind;
        readonly documentNumber: string;
        readonly outcome: RectificationOutcome;
        readonly publicSummary: string;
        readonly accountabilityRecorded: boolean;
        readonly closedAt: Date;
      };
    };
