// Namespaced re-exports: message names repeat across services (e.g. ListAgenciesRequest),
// so each proto package is its own namespace.
export * as commonV1 from '../generated/lesp/common/v1/common.js';
export * as envelopeV1 from '../generated/lesp/common/v1/envelope.js';
export * as caseIntakeV1 from '../generated/lesp/case_intake/v1/case_intake.js';
export * as caseIntakeEventsV1 from '../generated/lesp/case_intake/v1/events.js';
export * as complaintsV1 from '../generated/lesp/case_intake/v1/complaints.js';
export * as complaintEventsV1 from '../generated/lesp/case_intake/v1/complaint_events.js';
export * as supervisionV1 from '../generated/lesp/supervision/v1/supervision.js';
export * as crossRegionV1 from '../generated/lesp/cross_region/v1/cross_region.js';
export * as publicDisclosureV1 from '../generated/lesp/public_disclosure/v1/public_disclosure.js';
export { actEventCodec, agencyEventCodec, caseIntakeEventCodec, type CaseIntakeEvent } from './events/case-intake-events.js';
export type { AgencyEvent } from './events/agency-events.js';
export type { ActEvent, ActEventType } from './events/act-events.js';
export * as actEventsV1 from '../generated/lesp/case_intake/v1/act_events.js';
export * as actsV1 from '../generated/lesp/case_intake/v1/acts.js';
export type { ComplaintEvent } from './events/complaint-events.js';
export { complaintEventCodec } from './events/case-intake-events.js';
export { officerEventCodec } from './events/case-intake-events.js';
export type { OfficerEvent } from './events/officer-events.js';
export * as officersV1 from '../generated/lesp/case_intake/v1/officers.js';
export * as officerEventsV1 from '../generated/lesp/case_intake/v1/officer_events.js';
export * as importsV1 from '../generated/lesp/case_intake/v1/imports.js';
export * as supervisionEventsV1 from '../generated/lesp/supervision/v1/events.js';
export {
  alertEventCodec,
  workingCalendarEventCodec,
  ruleSettingsEventCodec,
  supervisionRegistryEventCodec,
  type AlertEvent,
  type WorkingCalendarEvent,
  type RuleSettingsEvent,
  type SupervisionRegistryEvent,
} from './events/supervision-engine-events.js';
export * as caseFileReviewV1 from '../generated/lesp/supervision/v1/case_file_review.js';
export {
  caseFileReviewDefinitionEventCodec,
  caseFileReviewEventCodec,
  type CaseFileReviewDefinitionEventV1,
  type CaseFileReviewEventV1,
} from './events/case-file-review-events.js';
export * as rectificationV1 from '../generated/lesp/supervision/v1/rectification.js';
export { rectificationEventCodec, type RectificationEventV1 } from './events/rectification-events.js';
export * as statisticsV1 from '../generated/lesp/supervision/v1/statistics.js';
export * as operationsV1 from '../generated/lesp/operations/v1/operations.js';
export * as randomInspectionV1 from '../generated/lesp/supervision/v1/random_inspection.js';
export {
  inspectionTargetEventCodec,
  randomInspectionEventCodec,
  type InspectionTargetEventV1,
  type RandomInspectionEventV1,
} from './events/random-inspection-events.js';
export * as governanceV1 from '../generated/lesp/supervision/v1/governance.js';
export {
  agencyEvaluationEventCodec,
  competenceDisputeEventCodec,
  correctionFindingEventCodec,
  normativeDocumentEventCodec,
  personUnderCorrectionEventCodec,
  type AgencyEvaluationEventV1,
  type CompetenceDisputeEventV1,
  type CorrectionFindingEventV1,
  type NormativeDocumentEventV1,
  type PersonUnderCorrectionEventV1,
} from './events/governance-events.js';
export * as publicDisclosureEventsV1 from '../generated/lesp/public_disclosure/v1/events.js';
export {
  decisionDisclosureEventCodec,
  inspectionTraceEventCodec,
  type DecisionDisclosureEvent,
  type InspectionTraceEvent,
} from './events/public-disclosure-events.js';
export * as crossRegionEventsV1 from '../generated/lesp/cross_region/v1/events.js';
export * as coordinationV1 from '../generated/lesp/cross_region/v1/coordination.js';
export * as exchangeV1 from '../generated/lesp/cross_region/v1/exchange.js';
export {
  administrativeAdviceEventCodec,
  agreementEventCodec,
  crossBorderIncidentEventCodec,
  consultationEventCodec,
  exchangeConsentEventCodec,
  jointMeetingEventCodec,
  type AdministrativeAdviceEventV1,
  type AgreementEventV1,
  type CrossBorderIncidentEventV1,
  type ConsultationEventV1,
  type ExchangeConsentEventV1,
  type JointMeetingEventV1,
} from './events/cross-region-events.js';
export { dailyDigestEventCodec, type DailyDigestEventV1 } from './events/daily-digest-events.js';
export * as dailyDigestV1 from '../generated/lesp/common/v1/daily_digest.js';
