/** Commands on an agency (执法主体). Ids and time come in with the command. */
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
  | { readonly type: 'SuspendAgency'; readonly data: { readonly agencyId: string; readonly reason: string } }
  | { readonly type: 'ReinstateAgency'; readonly data: { readonly agencyId: string } };
