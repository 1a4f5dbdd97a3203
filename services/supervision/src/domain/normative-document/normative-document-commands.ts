/**
 * The two bodies a normative document (规范性文件) is filed with (备案) within 30 days of issue:
 * the county government (本级/上级人民政府) and the people's congress standing committee (人大常委会).
 */
export const FILING_BODIES = { government: '人民政府', standing_committee: '人大常委会' } as const;
export type FilingBody = keyof typeof FILING_BODIES;

export type ReviewOutcome = 'passed' | 'returned';
/** 清理: 继续有效, 修订, 废止. */
export type CleanUpOutcome = 'kept' | 'amended' | 'repealed';
export const CLEAN_UP_OUTCOMES: Record<CleanUpOutcome, string> = { kept: '继续有效', amended: '修订', repealed: '废止' };

/** Commands on one normative document. Times and ids come in with the command. */
export type NormativeDocumentCommand =
  | {
      readonly type: 'RegisterNormativeDocument';
      readonly data: {
        readonly documentId: string;
        readonly countyCode: string;
        /** 制定机关, e.g. 冷水滩区人民政府办公室. */
        readonly issuer: string;
        /** 文号, e.g. 冷政办发〔2023〕5号. */
        readonly documentNumber: string;
        readonly title: string;
        /** 印发日期: the 30 days of filing run from here. */
        readonly issuedAt: Date;
        readonly effectiveFrom: Date;
        /** 有效期至: at most five years after taking effect. */
        readonly validUntil: Date;
        readonly registeredBy: string;
      };
    }
  | {
      readonly type: 'FileNormativeDocument';
      readonly data: {
        readonly documentId: string;
        readonly filedWith: FilingBody;
        /** The body's name, e.g. 永州市冷水滩区人民代表大会常务委员会. */
        readonly recipient: string;
        readonly filingNumber: string;
        readonly filedAt: Date;
      };
    }
  | {
      /** The filing body's review (备案审查) of what was filed with it. */
      readonly type: 'ReviewNormativeDocument';
      readonly data: {
        readonly documentId: string;
        readonly reviewedBy: FilingBody;
        readonly outcome: ReviewOutcome;
        readonly opinion: string;
        readonly reviewedAt: Date;
      };
    }
  | {
      /** The issuer corrects a returned document; it is then filed again with the body that returned it. */
      readonly type: 'CorrectNormativeDocument';
      readonly data: { readonly documentId: string; readonly summary: string; readonly correctedAt: Date };
    }
  | {
      /** One document's outcome in a periodic clean-up (定期清理). */
      readonly type: 'CleanUpNormativeDocument';
      readonly data: {
        readonly documentId: string;
        /** The clean-up campaign, e.g. "2023年规范性文件集中清理". */
        readonly cleanUp: string;
        readonly outcome: CleanUpOutcome;
        readonly reason: string;
        /** Kept or amended: the new end of validity (kept documents may keep the old one). */
        readonly validUntil?: Date;
        readonly decidedAt: Date;
      };
    };
