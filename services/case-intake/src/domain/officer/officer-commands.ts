/**
 * Commands on an officer (执法人员) and their certificate (执法证). Ids come in with the
 * command, and so does `at`: when the change takes effect in the world.
 */
export type OfficerCommand =
  | {
      readonly type: 'RegisterOfficer';
      readonly data: {
        readonly officerId: string;
        readonly agencyId: string;
        readonly name: string;
        readonly idNumber: string;
        readonly certificateNumber: string;
        readonly certificateValidUntil: Date;
        readonly enforcementAreas: readonly string[];
        readonly at: Date;
      };
    }
  | { readonly type: 'SuspendCertificate'; readonly data: { readonly officerId: string; readonly reason: string; readonly at: Date } }
  | { readonly type: 'RevokeCertificate'; readonly data: { readonly officerId: string; readonly reason: string; readonly at: Date } }
  | { readonly type: 'ReportCertificateLost'; readonly data: { readonly officerId: string; readonly at: Date } }
  | {
      readonly type: 'ReissueCertificate';
      readonly data: {
        readonly officerId: string;
        readonly certificateNumber: string;
        /** Absent: the lost certificate's validity is kept. */
        readonly certificateValidUntil?: Date;
        readonly at: Date;
      };
    }
  | { readonly type: 'ReinstateCertificate'; readonly data: { readonly officerId: string; readonly at: Date } }
  | { readonly type: 'TransferOfficer'; readonly data: { readonly officerId: string; readonly toAgencyId: string; readonly at: Date } }
  | {
      readonly type: 'RecordExamResult';
      readonly data: {
        readonly officerId: string;
        readonly year: number;
        readonly score: number;
        readonly passed: boolean;
        readonly at: Date;
      };
    }
  | {
      readonly type: 'RecordTrainingHours';
      readonly data: {
        readonly officerId: string;
        readonly year: number;
        readonly hours: number;
        readonly course: string;
        readonly at: Date;
      };
    };
