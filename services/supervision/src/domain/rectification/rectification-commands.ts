import type { SupervisionForm } from '../shared/supervision-forms.js';

/** The three written outputs of supervision (《行政执法监督条例》), each followed by rectification. */
export const RECTIFICATION_DOCUMENT_KINDS = { notice: '监督通知书', opinion: '监督意见书', decision: '监督决定书' } as const;
export type RectificationDocumentKind = keyof typeof RECTIFICATION_DOCUMENT_KINDS;

/**
 * What a notice rests on. Alerts and review problems are looked up by the application, which
 * says whose they are; a supervisor's own finding (e.g. from a field visit) is written out.
 */
export type RectificationGround =
  | {
      readonly kind: 'alert';
      readonly alertId: string;
      readonly agencyId: string;
      readonly found: boolean;
      /** A dismissed alert was judged a false alarm: it grounds nothing. */
      readonly dismissed?: boolean;
    }
  | {
      readonly kind: 'case_file_problem';
      readonly reviewId: string;
      readonly problemId: string;
      readonly agencyId: string;
      readonly description: string;
    }
  | {
      readonly kind: 'inspection_finding';
      readonly planId: string;
      readonly targetId: string;
      readonly agencyId: string;
      readonly description: string;
    }
  | { readonly kind: 'finding'; readonly description: string };

/** A superior the notice is copied to (抄送), e.g. the county government or the agency's department above. */
export interface CopyRecipient {
  readonly name: string;
  /** Why this one: "本级人民政府", "上级主管部门", "纪检监察机关" ... */
  readonly relation: string;
}

/** Accountability (责任追究) decided on a closed rectification. */
export interface Accountability {
  /** Who decided it (e.g. 区纪委监委, the agency's party group). */
  readonly decidedBy: string;
  /** The measure: 批评教育, 通报批评, 诫勉谈话, 暂扣执法证, 调离执法岗位, 政务处分 ... */
  readonly measure: string;
  /** Officers or leaders held accountable, by officer id or name; never published unmasked. */
  readonly persons: readonly string[];
  readonly basis: string;
  readonly decidedAt: Date;
}

export type RectificationOutcome = 'rectified' | 'not_rectified';

/** Commands on one rectification (整改), from the written notice to closing. Time and ids come in with the command. */
export type RectificationCommand =
  | {
      readonly type: 'IssueRectificationNotice';
      readonly data: {
        readonly rectificationId: string;
        readonly countyCode: string;
        readonly documentKind: RectificationDocumentKind;
        /** 文号, e.g. 冷司监通〔2026〕3号. */
        readonly documentNumber: string;
        readonly supervisionForm: SupervisionForm;
        readonly agencyId: string;
        readonly grounds: readonly RectificationGround[];
        /** 发现的问题 */
        readonly findings: string;
        /** 整改要求 */
        readonly requirements: string;
        /** The reply is due by then; the application counts it in working days of the county's calendar. */
        readonly deadline: Date;
        readonly copiedTo: readonly CopyRecipient[];
        readonly issuedBy: string;
        readonly issuedAt: Date;
      };
    }
  | {
      readonly type: 'ReplyToRectification';
      readonly data: {
        readonly rectificationId: string;
        readonly agencyId: string;
        /** 整改措施, one per entry. */
        readonly measures: readonly string[];
        readonly explanation: string;
        readonly repliedBy: string;
        readonly repliedAt: Date;
      };
    }
  | {
      readonly type: 'AcceptRectification';
      readonly data: { readonly rectificationId: string; readonly opinion: string; readonly acceptedBy: string; readonly acceptedAt: Date };
    }
  | {
      readonly type: 'ReturnRectification';
      readonly data: {
        readonly rectificationId: string;
        readonly reason: string;
        readonly newDeadline: Date;
        readonly returnedBy: string;
        readonly returnedAt: Date;
      };
    }
  | {
      /** Sent by the deadline timer (or a supervisor) once the deadline has passed without a reply. */
      readonly type: 'EscalateOverdueRectification';
      readonly data: {
        readonly rectificationId: string;
        /** The superiors told of the overdue notice (上级机关、本级政府). */
        readonly reportedTo: readonly CopyRecipient[];
        /** A last deadline given with the reminder (催办); without it the notice stays overdue. */
        readonly newDeadline?: Date;
        readonly escalatedAt: Date;
      };
    }
  | {
      readonly type: 'CloseRectification';
      readonly data: {
        readonly rectificationId: string;
        readonly outcome: RectificationOutcome;
        /** What the public may read (整改落实公布): no personal data. */
        readonly publicSummary: string;
        readonly accountability?: Accountability;
        readonly closedBy: string;
        readonly closedAt: Date;
      };
    }
  | {
      /** Accountability often comes after closing, from another body: it is added then. */
      readonly type: 'RecordAccountability';
      readonly data: { readonly rectificationId: string; readonly accountability: Accountability };
    };
