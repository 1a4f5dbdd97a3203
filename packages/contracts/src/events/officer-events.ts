import type { DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/case_intake/v1/officer_events.js';

/** Events of the Officer aggregate (执法人员) and its certificate (执法证). */
export type OfficerEvent =
  | DomainEvent<'OfficerRegistered', v1.OfficerRegistered>
  | DomainEvent<'CertificateSuspended', v1.CertificateSuspended>
  | DomainEvent<'CertificateRevoked', v1.CertificateRevoked>
  | DomainEvent<'CertificateReportedLost', v1.CertificateReportedLost>
  | DomainEvent<'CertificateReissued', v1.CertificateReissued>
  | DomainEvent<'CertificateReinstated', v1.CertificateReinstated>
  | DomainEvent<'OfficerTransferred', v1.OfficerTransferred>
  | DomainEvent<'ExamResultRecorded', v1.ExamResultRecorded>
  | DomainEvent<'TrainingHoursRecorded', v1.TrainingHoursRecorded>;

export const officerEventTable = {
  OfficerRegistered: { schemaVersion: 1, fns: v1.OfficerRegistered },
  CertificateSuspended: { schemaVersion: 1, fns: v1.CertificateSuspended },
  CertificateRevoked: { schemaVersion: 1, fns: v1.CertificateRevoked },
  CertificateReportedLost: { schemaVersion: 1, fns: v1.CertificateReportedLost },
  CertificateReissued: { schemaVersion: 1, fns: v1.CertificateReissued },
  CertificateReinstated: { schemaVersion: 1, fns: v1.CertificateReinstated },
  OfficerTransferred: { schemaVersion: 1, fns: v1.OfficerTransferred },
  ExamResultRecorded: { schemaVersion: 1, fns: v1.ExamResultRecorded },
  TrainingHoursRecorded: { schemaVersion: 1, fns: v1.TrainingHoursRecorded },
} as const;
