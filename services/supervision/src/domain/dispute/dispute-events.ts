import type { DisputeKind } from './dispute-commands.js';

/** Events of one competence dispute. The first names its county. */
export type DisputeEvent =
  | {
      readonly type: 'DisputeFiled';
      readonly data: {
        readonly disputeId: string;
        readonly countyCode: string;
        readonly kind: DisputeKind;
        readonly agencyIds: readonly string[];
        readonly matter: string;
        readonly description: string;
        readonly actIds: readonly string[];
        readonly filedBy: string;
        readonly filedAt: Date;
        /** The time limit, kept so that a timer can recompute `dueAt` when the calendar is amended. */
        readonly workingDays: number;
        /** First instant after the time limit, by the county's calendar when filed. */
        readonly dueAt: Date;
      };
    }
  | {
      readonly type: 'DisputeReferredToSuperior';
      readonly data: { readonly disputeId: string; readonly superior: string; readonly reason: string; readonly referredAt: Date };
    }
  | {
      readonly type: 'DisputeDecided';
      readonly data: {
        readonly disputeId: string;
        readonly competentAgencyId: string;
        readonly assistingAgencyIds: readonly string[];
        readonly reasoning: string;
        readonly legalBasis: string;
        readonly decidedBy: string;
        readonly decidedAt: Date;
        /** Decided after the time limit without a referral to a superior. */
        readonly late: boolean;
      };
    }
  | {
      readonly type: 'DisputeFollowUpRecorded';
      readonly data: { readonly disputeId: string; readonly note: string; readonly recordedBy: string; readonly recordedAt: Date };
    }
  | {
      readonly type: 'DisputeImplemented';
      readonly data: {
        readonly disputeId: string;
        readonly agencyId: string;
        readonly summary: string;
        readonly actIds: readonly string[];
        readonly confirmedAt: Date;
      };
    }
  | {
      readonly type: 'DisputeWithdrawn';
      readonly data: { readonly disputeId: string; readonly reason: string; readonly withdrawnAt: Date };
    };
