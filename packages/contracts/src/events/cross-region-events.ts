import { protobufEventCodec, type DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/cross_region/v1/events.js';

/** Agreement (合作框架协议) between border counties: proposed, signed, in force, joined, left, amended, ended. */
export type AgreementEventV1 =
  | DomainEvent<'AgreementProposed', v1.AgreementProposed>
  | DomainEvent<'AgreementSigned', v1.AgreementSigned>
  | DomainEvent<'AgreementInForce', v1.AgreementInForce>
  | DomainEvent<'MemberJoined', v1.MemberJoined>
  | DomainEvent<'MemberLeft', v1.MemberLeft>
  | DomainEvent<'AgreementAmended', v1.AgreementAmended>
  | DomainEvent<'AgreementEnded', v1.AgreementEnded>;

/** Cross-border incident (跨界事件): reported, jurisdiction decided, acts linked, opinions, closed by consent. */
export type CrossBorderIncidentEventV1 =
  | DomainEvent<'IncidentReported', v1.IncidentReported>
  | DomainEvent<'JurisdictionDecided', v1.JurisdictionDecided>
  | DomainEvent<'IncidentActLinked', v1.IncidentActLinked>
  | DomainEvent<'SupervisionOpinionAdded', v1.SupervisionOpinionAdded>
  | DomainEvent<'IncidentClosureConsented', v1.IncidentClosureConsented>
  | DomainEvent<'IncidentClosed', v1.IncidentClosed>;

/** Administrative advice (行政建议): sent, answered, escalated to a joint meeting. */
export type AdministrativeAdviceEventV1 =
  | DomainEvent<'AdviceSent', v1.AdviceSent>
  | DomainEvent<'AdviceAnswered', v1.AdviceAnswered>
  | DomainEvent<'AdviceEscalated', v1.AdviceEscalated>
  | DomainEvent<'AdviceAwaitingMeeting', v1.AdviceAwaitingMeeting>;

/** Joint meeting (联席会议): scheduled, held, decisions with tasks, tasks completed. */
export type JointMeetingEventV1 =
  | DomainEvent<'JointMeetingScheduled', v1.JointMeetingScheduled>
  | DomainEvent<'JointMeetingHeld', v1.JointMeetingHeld>
  | DomainEvent<'MeetingDecisionRecorded', v1.MeetingDecisionRecorded>
  | DomainEvent<'MeetingTaskCompleted', v1.MeetingTaskCompleted>;

/** A county's consent to upward exchange (向上级平台报送). */
export type ExchangeConsentEventV1 = DomainEvent<'ExchangeConsentSet', v1.ExchangeConsentSet>;

export const exchangeConsentEventCodec = protobufEventCodec<ExchangeConsentEventV1>({
  ExchangeConsentSet: { schemaVersion: 1, fns: v1.ExchangeConsentSet },
});

/** Consultation (协商) between members or hearing (听证会), recorded with its outcome. */
export type ConsultationEventV1 =
  DomainEvent<'ConsultationRequested', v1.ConsultationRequested> | DomainEvent<'ConsultationConcluded', v1.ConsultationConcluded>;

export const consultationEventCodec = protobufEventCodec<ConsultationEventV1>({
  ConsultationRequested: { schemaVersion: 1, fns: v1.ConsultationRequested },
  ConsultationConcluded: { schemaVersion: 1, fns: v1.ConsultationConcluded },
});

export const agreementEventCodec = protobufEventCodec<AgreementEventV1>({
  AgreementProposed: { schemaVersion: 1, fns: v1.AgreementProposed },
  AgreementSigned: { schemaVersion: 1, fns: v1.AgreementSigned },
  AgreementInForce: { schemaVersion: 1, fns: v1.AgreementInForce },
  MemberJoined: { schemaVersion: 1, fns: v1.MemberJoined },
  MemberLeft: { schemaVersion: 1, fns: v1.MemberLeft },
  AgreementAmended: { schemaVersion: 1, fns: v1.AgreementAmended },
  AgreementEnded: { schemaVersion: 1, fns: v1.AgreementEnded },
});

export const crossBorderIncidentEventCodec = protobufEventCodec<CrossBorderIncidentEventV1>({
  IncidentReported: { schemaVersion: 1, fns: v1.IncidentReported },
  JurisdictionDecided: { schemaVersion: 1, fns: v1.JurisdictionDecided },
  IncidentActLinked: { schemaVersion: 1, fns: v1.IncidentActLinked },
  SupervisionOpinionAdded: { schemaVersion: 1, fns: v1.SupervisionOpinionAdded },
  IncidentClosureConsented: { schemaVersion: 1, fns: v1.IncidentClosureConsented },
  IncidentClosed: { schemaVersion: 1, fns: v1.IncidentClosed },
});

export const administrativeAdviceEventCodec = protobufEventCodec<AdministrativeAdviceEventV1>({
  AdviceSent: { schemaVersion: 1, fns: v1.AdviceSent },
  AdviceAnswered: { schemaVersion: 1, fns: v1.AdviceAnswered },
  AdviceEscalated: { schemaVersion: 1, fns: v1.AdviceEscalated },
  AdviceAwaitingMeeting: { schemaVersion: 1, fns: v1.AdviceAwaitingMeeting },
});

export const jointMeetingEventCodec = protobufEventCodec<JointMeetingEventV1>({
  JointMeetingScheduled: { schemaVersion: 1, fns: v1.JointMeetingScheduled },
  JointMeetingHeld: { schemaVersion: 1, fns: v1.JointMeetingHeld },
  MeetingDecisionRecorded: { schemaVersion: 1, fns: v1.MeetingDecisionRecorded },
  MeetingTaskCompleted: { schemaVersion: 1, fns: v1.MeetingTaskCompleted },
});
