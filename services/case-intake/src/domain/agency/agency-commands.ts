/** Commands on an agency (执法主体). Ids and time come in with the command; `at` is when a change takes effect. */
export type AgencyCommand =
  | {
      readonly type: 'RegisterAgency';
      readonly data: {
        readonly agencyId: string;
        readonly name: string;
        readonly creditCode: string;
        readonly kind: string;
        readonly legalBasis: string;
      };
    }
  | {
      readonly type: 'UpdateAgency';
      readonly data: {
        readonly agencyId: string;
        readonly name: string;
        readonly creditCode: string;
        readonly kind: string;
        readonly legalBasis: string;
      };
    }
  | { readonly type: 'SuspendAgency'; readonly data: { readonly agencyId: string; readonly reason: string } }
  | { readonly type: 'ReinstateAgency'; readonly data: { readonly agencyId: string } }
  | PowerListCommand;

/** The power list (执法事项目录) and delegation to townships (委托执法). */
export type PowerListCommand =
  | {
      readonly type: 'AddPowerItem';
      readonly data: {
        readonly agencyId: string;
        readonly itemCode: string;
        readonly name: string;
        readonly category: string;
        readonly legalBasis: string;
        readonly discretionBenchmark: string;
        readonly at: Date;
      };
    }
  | {
      readonly type: 'RetirePowerItem';
      readonly data: { readonly agencyId: string; readonly itemCode: string; readonly reason: string; readonly at: Date };
    }
  | {
      readonly type: 'DelegateToTownship';
      readonly data: {
        readonly agencyId: string;
        readonly delegationId: string;
        readonly townshipName: string;
        readonly entrustmentNumber: string;
        readonly itemCodes: readonly string[];
        readonly powers: string;
        readonly start: Date;
        /** Exclusive. */
        readonly end: Date;
        readonly at: Date;
      };
    }
  | {
      readonly type: 'EndDelegation';
      readonly data: { readonly agencyId: string; readonly delegationId: string; readonly reason: string; readonly at: Date };
    };
