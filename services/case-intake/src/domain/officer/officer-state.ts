import type { CertificatePeriod, CertificateStatus } from '@lesp/core';

/** What the officer decider remembers of a stream. */
export type OfficerState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly officerId: string;
      readonly agencyId: string;
      readonly certificateStatus: CertificateStatus;
      readonly certificateNumber: string;
      readonly certificateValidUntil: Date;
      /** Effective time of the last certificate or agency change: later changes may not predate it. */
      readonly lastChangeAt: Date;
      /** Ask `certificateValidAt(state.certificateHistory, at)` whether an act at `at` was done with a valid certificate. */
      readonly certificateHistory: readonly CertificatePeriod[];
      readonly trainingHours: readonly { readonly year: number; readonly hours: number }[];
    };

export type RegisteredOfficer = Extract<OfficerState, { status: 'registered' }>;
