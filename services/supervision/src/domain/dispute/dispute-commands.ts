/** 积极争议 (several agencies claim the matter) or 消极争议 (none will take it). */
export const DISPUTE_KINDS = { claimed: '积极争议（均主张管辖）', declined: '消极争议（均不予管辖）' } as const;
export type DisputeKind = keyof typeof DISPUTE_KINDS;

/** Commands on one competence dispute between agencies (执法争议协调). Times and ids come in with the command. */
export type DisputeCommand =
  | {
      readonly type: 'FileDispute';
      readonly data: {
        readonly disputeId: string;
        readonly countyCode: string;
        readonly kind: DisputeKind;
        /** The agencies in dispute: at least two. */
        readonly agencyIds: readonly string[];
        /** 争议事项, e.g. 占道经营的查处. */
        readonly matter: string;
        readonly description: string;
        /** Acts the dispute is about, if any were recorded. */
        readonly actIds: readonly string[];
        readonly filedBy: string;
        readonly filedAt: Date;
      };
    }
  | {
      /** 需请示上级机关: the 7 working days do not bind while the superior is asked. */
      readonly type: 'ReferDisputeToSuperior';
      readonly data: { readonly disputeId: string; readonly superior: string; readonly reason: string; readonly referredAt: Date };
    }
  | {
      readonly type: 'DecideDispute';
      readonly data: {
        readonly disputeId: string;
        /** The agency that must act (承办/主办). */
        readonly competentAgencyId: string;
        /** Agencies that must assist (协办), if any. */
        readonly assistingAgencyIds: readonly string[];
        readonly reasoning: string;
        readonly legalBasis: string;
        readonly decidedBy: string;
        readonly decidedAt: Date;
      };
    }
  | {
      /** Tracking (跟踪): a note on how the decision is being carried out. */
      readonly type: 'RecordDisputeFollowUp';
      readonly data: { readonly disputeId: string; readonly note: string; readonly recordedBy: string; readonly recordedAt: Date };
    }
  | {
      /** The competent agency has taken the matter up; the dispute is settled. */
      readonly type: 'ConfirmDisputeImplemented';
      readonly data: {
        readonly disputeId: string;
        readonly agencyId: string;
        readonly summary: string;
        /** Acts the competent agency opened on the matter. */
        readonly actIds: readonly string[];
        readonly confirmedAt: Date;
      };
    }
  | {
      /** The parties settle it themselves before a decision (协商一致). */
      readonly type: 'WithdrawDispute';
      readonly data: { readonly disputeId: string; readonly reason: string; readonly withdrawnAt: Date };
    };
