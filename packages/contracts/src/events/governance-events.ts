import { protobufEventCodec, type DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/supervision/v1/governance.js';

/** Normative documents (规范性文件): registered, filed, reviewed, corrected, cleaned up. */
export type NormativeDocumentEventV1 =
  | DomainEvent<'NormativeDocumentRegistered', v1.NormativeDocumentRegistered>
  | DomainEvent<'NormativeDocumentFiled', v1.NormativeDocumentFiled>
  | DomainEvent<'NormativeDocumentReviewPassed', v1.NormativeDocumentReviewPassed>
  | DomainEvent<'NormativeDocumentReturnedForCorrection', v1.NormativeDocumentReturnedForCorrection>
  | DomainEvent<'NormativeDocumentCorrected', v1.NormativeDocumentCorrected>
  | DomainEvent<'NormativeDocumentCleanedUp', v1.NormativeDocumentCleanedUp>;

/** Competence disputes between agencies (执法争议协调). */
export type CompetenceDisputeEventV1 =
  | DomainEvent<'DisputeFiled', v1.DisputeFiled>
  | DomainEvent<'DisputeReferredToSuperior', v1.DisputeReferredToSuperior>
  | DomainEvent<'DisputeDecided', v1.DisputeDecided>
  | DomainEvent<'DisputeFollowUpRecorded', v1.DisputeFollowUpRecorded>
  | DomainEvent<'DisputeImplemented', v1.DisputeImplemented>
  | DomainEvent<'DisputeWithdrawn', v1.DisputeWithdrawn>;

export const normativeDocumentEventCodec = protobufEventCodec<NormativeDocumentEventV1>({
  NormativeDocumentRegistered: { schemaVersion: 1, fns: v1.NormativeDocumentRegistered },
  NormativeDocumentFiled: { schemaVersion: 1, fns: v1.NormativeDocumentFiled },
  NormativeDocumentReviewPassed: { schemaVersion: 1, fns: v1.NormativeDocumentReviewPassed },
  NormativeDocumentReturnedForCorrection: { schemaVersion: 1, fns: v1.NormativeDocumentReturnedForCorrection },
  NormativeDocumentCorrected: { schemaVersion: 1, fns: v1.NormativeDocumentCorrected },
  NormativeDocumentCleanedUp: { schemaVersion: 1, fns: v1.NormativeDocumentCleanedUp },
});

export const competenceDisputeEventCodec = protobufEventCodec<CompetenceDisputeEventV1>({
  DisputeFiled: { schemaVersion: 1, fns: v1.DisputeFiled },
  DisputeReferredToSuperior: { schemaVersion: 1, fns: v1.DisputeReferredToSuperior },
  DisputeDecided: { schemaVersion: 1, fns: v1.DisputeDecided },
  DisputeFollowUpRecorded: { schemaVersion: 1, fns: v1.DisputeFollowUpRecorded },
  DisputeImplemented: { schemaVersion: 1, fns: v1.DisputeImplemented },
  DisputeWithdrawn: { schemaVersion: 1, fns: v1.DisputeWithdrawn },
});

/** A person under community correction (社区矫正对象), by id only. */
export type PersonUnderCorrectionEventV1 =
  | DomainEvent<'PersonUnderCorrectionReceived', v1.PersonUnderCorrectionReceived>
  | DomainEvent<'CorrectionHoursRecorded', v1.CorrectionHoursRecorded>
  | DomainEvent<'PersonAbsconded', v1.PersonAbsconded>
  | DomainEvent<'PersonReturnedToSupervision', v1.PersonReturnedToSupervision>
  | DomainEvent<'CorrectionEnded', v1.CorrectionEnded>;

export const personUnderCorrectionEventCodec = protobufEventCodec<PersonUnderCorrectionEventV1>({
  PersonUnderCorrectionReceived: { schemaVersion: 1, fns: v1.PersonUnderCorrectionReceived },
  CorrectionHoursRecorded: { schemaVersion: 1, fns: v1.CorrectionHoursRecorded },
  PersonAbsconded: { schemaVersion: 1, fns: v1.PersonAbsconded },
  PersonReturnedToSupervision: { schemaVersion: 1, fns: v1.PersonReturnedToSupervision },
  CorrectionEnded: { schemaVersion: 1, fns: v1.CorrectionEnded },
});

/** Yearly evaluation of an agency (评议考核): recorded with its scheme, figures and result, revised, published. */
export type AgencyEvaluationEventV1 =
  | DomainEvent<'AgencyEvaluated', v1.AgencyEvaluated>
  | DomainEvent<'AgencyEvaluationRevised', v1.AgencyEvaluationRevised>
  | DomainEvent<'AgencyEvaluationPublished', v1.AgencyEvaluationPublished>;

export const agencyEvaluationEventCodec = protobufEventCodec<AgencyEvaluationEventV1>({
  AgencyEvaluated: { schemaVersion: 1, fns: v1.AgencyEvaluated },
  AgencyEvaluationRevised: { schemaVersion: 1, fns: v1.AgencyEvaluationRevised },
  AgencyEvaluationPublished: { schemaVersion: 1, fns: v1.AgencyEvaluationPublished },
});

/** A correction found by supervisors in community corrections (纠正违法). */
export type CorrectionFindingEventV1 = DomainEvent<'CorrectionFindingRecorded', v1.CorrectionFindingRecorded>;

export const correctionFindingEventCodec = protobufEventCodec<CorrectionFindingEventV1>({
  CorrectionFindingRecorded: { schemaVersion: 1, fns: v1.CorrectionFindingRecorded },
});
