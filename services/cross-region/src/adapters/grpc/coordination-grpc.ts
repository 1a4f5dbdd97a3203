import { coordinationV1 as v1, type exchangeV1 } from '@lesp/contracts';
import type { Permission, Principal } from '@lesp/auth';
import { ValidationError } from '@lesp/core';
import {
  actorOf,
  commandContext,
  optionsOfMeta,
  serverStreaming,
  unary,
  type GrpcCallContext,
  type GrpcDeps,
  type GrpcServiceRegistration,
} from '@lesp/service-bootstrap';
import type { CommandOutcome } from '../../application/aggregates.js';
import type { CoordinationCommands } from '../../application/coordination-commands.js';
import type { CoordinationQueries, ReadContext } from '../../application/coordination-queries.js';
import type { ExchangeFeed } from '../../application/exchange/exchange-feed.js';
import type { Consultations } from '../../application/consultations.js';
import type { JurisdictionBasis } from '../../domain/incident/incident-decider.js';
import type { ConsultationKind } from '../../domain/consultation/consultation-decider.js';
import type { DataKind } from '../../domain/shared/rules.js';

export interface CoordinationGrpcDeps extends GrpcDeps {
  readonly commands: CoordinationCommands;
  readonly queries: CoordinationQueries;
  readonly exchange: ExchangeFeed;
  readonly consultations: Consultations;
  readonly clock: () => Date;
}

const county = (req: { countyCode: string }) => ({ countyCodes: [req.countyCode] });
const accepted = (outcome: CommandOutcome) => ({
  aggregateId: outcome.aggregateId,
  version: outcome.version,
  eventIds: [...outcome.eventIds],
});

function required<T>(value: T | undefined, field: string, what: string): T {
  if (value === undefined) throw ValidationError.of(field, 'FIELD_REQUIRED', `须填写${what}`);
  return value;
}

/** A view as its message: absent members take the message's defaults. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const message = <T>(fns: { fromPartial(object: any): T }, view: unknown): T => fns.fromPartial(view);

const sharedData = (list: readonly { countyCode: string; dataKinds: string[] }[]) =>
  list.map((s) => ({ countyCode: s.countyCode, dataKinds: s.dataKinds as DataKind[] }));

/** CoordinationService (跨区域联合监督) over gRPC. */
export function coordinationGrpcService(deps: CoordinationGrpcDeps): GrpcServiceRegistration {
  const { commands: c, queries: q } = deps;
  const ctx = (principal: Principal, countyCode: string, call: GrpcCallContext) =>
    commandContext(actorOf(principal, countyCode), call.correlationId, deps.clock());
  const read = (method: string, call: GrpcCallContext): ReadContext => ({
    resource: `grpc ${method}`,
    source: 'grpc',
    correlationId: call.correlationId,
  });
  const A = { permission: 'cross_region.agreement.manage' as Permission, target: county };
  const I = { permission: 'cross_region.incident.manage' as Permission, target: county };
  const R = { permission: 'cross_region.read' as Permission, target: county };
  const S = { permission: 'cross_region.shared.read' as Permission, target: county };

  const implementation: v1.CoordinationServiceServer = {
    proposeAgreement: unary('ProposeAgreement', deps, A, async (req: v1.ProposeAgreementRequest, call) =>
      accepted(
        await c.proposeAgreement(
          call.principal,
          req.countyCode,
          {
            name: req.name,
            members: req.members,
            hostOrder: req.hostOrder.length > 0 ? req.hostOrder : req.members,
            fields: req.fields,
            sharedData: sharedData(req.sharedData),
            rulePacks: req.rulePacks,
            effectiveFrom: required(req.effectiveFrom, 'effectiveFrom', '生效日期'),
          },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    signAgreement: unary('SignAgreement', deps, A, async (req: v1.SignAgreementRequest, call) =>
      accepted(
        await c.signAgreement(
          call.principal,
          req.countyCode,
          req.agreementId,
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    admitMember: unary('AdmitMember', deps, A, async (req: v1.AdmitMemberRequest, call) =>
      accepted(
        await c.admitMember(
          call.principal,
          req.countyCode,
          req.agreementId,
          { newMember: req.newMember, dataKinds: req.dataKinds as DataKind[] },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    leaveAgreement: unary('LeaveAgreement', deps, A, async (req: v1.LeaveAgreementRequest, call) =>
      accepted(
        await c.leaveAgreement(
          call.principal,
          req.countyCode,
          req.agreementId,
          req.reason,
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    amendAgreement: unary('AmendAgreement', deps, A, async (req: v1.AmendAgreementRequest, call) =>
      accepted(
        await c.amendAgreement(
          call.principal,
          req.countyCode,
          req.agreementId,
          {
            summary: req.summary,
            name: req.name,
            fields: req.fields,
            sharedData: sharedData(req.sharedData),
            rulePacks: req.rulePacks,
            leadOrder: req.leadOrder,
            hostOrder: req.hostOrder,
          },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    endAgreement: unary('EndAgreement', deps, A, async (req: v1.EndAgreementRequest, call) =>
      accepted(
        await c.endAgreement(
          call.principal,
          req.countyCode,
          req.agreementId,
          req.reason,
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getAgreement: unary('GetAgreement', deps, R, async (req: v1.GetAgreementRequest, call) =>
      message(v1.Agreement, await q.agreement(call.principal, req.countyCode, req.agreementId)),
    ),
    listAgreements: unary('ListAgreements', deps, R, async (req: v1.ListAgreementsRequest, call) => ({
      agreements: (await q.agreements(call.principal, req.countyCode)).map((a) => message(v1.Agreement, a)),
    })),
    getLeadAndHost: unary('GetLeadAndHost', deps, R, async (req: v1.GetLeadAndHostRequest, call) =>
      message(v1.LeadAndHost, await q.leadAndHost(call.principal, req.countyCode, req.agreementId, required(req.on, 'on', '日期'))),
    ),
    listMeetingYears: unary('ListMeetingYears', deps, R, async (req: v1.ListMeetingYearsRequest, call) => ({
      years: (await q.meetingYears(call.principal, req.countyCode, req.agreementId)).map((y) => message(v1.MeetingYear, y)),
    })),

    scheduleMeeting: unary('ScheduleMeeting', deps, A, async (req: v1.ScheduleMeetingRequest, call) =>
      accepted(
        await c.scheduleMeeting(
          call.principal,
          req.countyCode,
          req.agreementId,
          { scheduledFor: required(req.scheduledFor, 'scheduledFor', '会议时间'), agenda: req.agenda },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    holdMeeting: unary('HoldMeeting', deps, A, async (req: v1.HoldMeetingRequest, call) =>
      accepted(
        await c.holdMeeting(
          call.principal,
          req.countyCode,
          req.meetingId,
          { heldAt: required(req.heldAt, 'heldAt', '召开时间'), attendees: req.attendees, minutes: req.minutes },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    recordMeetingDecision: unary('RecordMeetingDecision', deps, A, async (req: v1.RecordMeetingDecisionRequest, call) =>
      accepted(
        await c.recordDecision(
          call.principal,
          req.countyCode,
          req.meetingId,
          { decision: req.decision, assigneeCounty: req.assigneeCounty, ...(req.dueAt ? { dueAt: req.dueAt } : {}) },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    completeMeetingTask: unary('CompleteMeetingTask', deps, A, async (req: v1.CompleteMeetingTaskRequest, call) =>
      accepted(
        await c.completeTask(
          call.principal,
          req.countyCode,
          req.meetingId,
          req.decisionId,
          req.report,
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getMeeting: unary('GetMeeting', deps, R, async (req: v1.GetMeetingRequest, call) =>
      message(v1.Meeting, await q.meeting(call.principal, req.countyCode, req.meetingId)),
    ),
    listMeetings: unary('ListMeetings', deps, R, async (req: v1.ListMeetingsRequest, call) => ({
      meetings: (await q.meetings(call.principal, req.countyCode, req.agreementId)).map((m) => message(v1.Meeting, m)),
    })),

    reportIncident: unary('ReportIncident', deps, I, async (req: v1.ReportIncidentRequest, call) =>
      accepted(
        await c.reportIncident(
          call.principal,
          req.countyCode,
          req.agreementId,
          {
            locationCounty: req.locationCounty,
            title: req.title,
            description: req.description,
            occurredAt: required(req.occurredAt, 'occurredAt', '发生时间'),
          },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    decideJurisdiction: unary('DecideJurisdiction', deps, I, async (req: v1.DecideJurisdictionRequest, call) =>
      accepted(
        await c.decideJurisdiction(
          call.principal,
          req.countyCode,
          req.incidentId,
          {
            handlingCounty: req.handlingCounty,
            supervisingCounties: req.supervisingCounties,
            basis: req.basis as JurisdictionBasis,
            meetingId: req.meetingId,
            consentingCounties: req.consentingCounties,
          },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    linkIncidentAct: unary('LinkIncidentAct', deps, I, async (req: v1.LinkIncidentActRequest, call) =>
      accepted(
        await c.linkAct(
          call.principal,
          req.countyCode,
          req.incidentId,
          req.actId,
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    addSupervisionOpinion: unary('AddSupervisionOpinion', deps, I, async (req: v1.AddSupervisionOpinionRequest, call) =>
      accepted(
        await c.addOpinion(
          call.principal,
          req.countyCode,
          req.incidentId,
          { actId: req.actId, opinion: req.opinion },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    consentToCloseIncident: unary('ConsentToCloseIncident', deps, I, async (req: v1.ConsentToCloseIncidentRequest, call) =>
      accepted(
        await c.consentToClose(
          call.principal,
          req.countyCode,
          req.incidentId,
          req.note,
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getIncident: unary('GetIncident', deps, R, async (req: v1.GetIncidentRequest, call) =>
      message(v1.Incident, await q.incident(call.principal, req.countyCode, req.incidentId, read('GetIncident', call))),
    ),
    listIncidents: unary('ListIncidents', deps, R, async (req: v1.ListIncidentsRequest, call) => ({
      incidents: (await q.incidents(call.principal, req.countyCode, read('ListIncidents', call))).map((i) => message(v1.Incident, i)),
    })),
    listIncidentActs: unary('ListIncidentActs', deps, S, async (req: v1.ListIncidentActsRequest, call) => ({
      acts: (await q.incidentActs(call.principal, req.countyCode, req.incidentId, read('ListIncidentActs', call))).map((a) =>
        message(v1.SharedAct, a),
      ),
    })),
    getIncidentAct: unary('GetIncidentAct', deps, S, async (req: v1.GetIncidentActRequest, call) =>
      message(v1.SharedAct, await q.incidentAct(call.principal, req.countyCode, req.incidentId, req.actId, read('GetIncidentAct', call))),
    ),

    sendAdvice: unary('SendAdvice', deps, I, async (req: v1.SendAdviceRequest, call) =>
      accepted(
        await c.sendAdvice(
          call.principal,
          req.countyCode,
          req.agreementId,
          {
            toCounty: req.toCounty,
            incidentId: req.incidentId,
            subject: req.subject,
            content: req.content,
            dueAt: required(req.dueAt, 'dueAt', '答复期限'),
            ...(req.sentAt ? { sentAt: req.sentAt } : {}),
          },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    answerAdvice: unary('AnswerAdvice', deps, I, async (req: v1.AnswerAdviceRequest, call) =>
      accepted(
        await c.answerAdvice(
          call.principal,
          req.countyCode,
          req.adviceId,
          req.answer,
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getAdvice: unary('GetAdvice', deps, R, async (req: v1.GetAdviceRequest, call) =>
      message(v1.Advice, await q.advice(call.principal, req.countyCode, req.adviceId)),
    ),
    listAdvice: unary('ListAdvice', deps, R, async (req: v1.ListAdviceRequest, call) => ({
      advice: (await q.adviceList(call.principal, req.countyCode)).map((a) => message(v1.Advice, a)),
    })),
    getRegionalSummary: unary(
      'GetRegionalSummary',
      deps,
      {
        permission: 'cross_region.rollup',
        target: (req: v1.GetRegionalSummaryRequest) => ({ countyCodes: [req.regionCode.padEnd(6, '0'), ...req.countyCodes] }),
      },
      async (req: v1.GetRegionalSummaryRequest, call) =>
        message(v1.RegionalSummary, await q.regionalSummary(call.principal, req.regionCode, req.countyCodes)),
    ),
    setExchangeConsent: unary(
      'SetExchangeConsent',
      deps,
      { permission: 'cross_region.exchange.consent', target: county },
      async (req: v1.SetExchangeConsentRequest, call) =>
        accepted(
          await deps.exchange.setConsent(
            call.principal,
            req.countyCode,
            { recipients: req.recipients, dataKinds: req.dataKinds },
            ctx(call.principal, req.countyCode, call),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    readExchangeFeed: unary(
      'ReadExchangeFeed',
      deps,
      { permission: 'cross_region.exchange.read', target: county },
      async (req: v1.ReadExchangeFeedRequest, call) =>
        deps.exchange.read(call.principal, req.regionCode, req.countyCode, req.after, req.limit || 200),
    ),
    subscribeExchangeFeed: serverStreaming(
      'SubscribeExchangeFeed',
      deps,
      { permission: 'cross_region.exchange.read', target: county },
      (req: v1.SubscribeExchangeFeedRequest, send: (entry: exchangeV1.ExchangeEntry) => Promise<void>, call) =>
        deps.exchange.subscribe(call.principal, req.regionCode, req.countyCode, req.after, req.followSeconds, send),
    ),
    requestConsultation: unary('RequestConsultation', deps, I, async (req: v1.RequestConsultationRequest, call) =>
      accepted(
        await deps.consultations.request(
          call.principal,
          req.countyCode,
          req.agreementId,
          {
            kind: req.kind as ConsultationKind,
            subject: req.subject,
            incidentId: req.incidentId,
            parties: req.parties,
            affectedParties: req.affectedParties,
            scheduledFor: required(req.scheduledFor, 'scheduledFor', '时间'),
          },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    recordConsultationOutcome: unary('RecordConsultationOutcome', deps, I, async (req: v1.RecordConsultationOutcomeRequest, call) =>
      accepted(
        await deps.consultations.recordOutcome(
          call.principal,
          req.countyCode,
          req.consultationId,
          {
            heldAt: required(req.heldAt, 'heldAt', '召开时间'),
            participants: req.participants,
            outcome: req.outcome,
            summary: req.summary,
          },
          ctx(call.principal, req.countyCode, call),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getConsultation: unary('GetConsultation', deps, R, async (req: v1.GetConsultationRequest, call) =>
      message(v1.Consultation, await deps.consultations.get(call.principal, req.countyCode, req.consultationId)),
    ),
    listConsultations: unary('ListConsultations', deps, R, async (req: v1.ListConsultationsRequest, call) => ({
      consultations: (await deps.consultations.list(call.principal, req.countyCode)).map((c) => message(v1.Consultation, c)),
    })),
  };
  return { definition: v1.CoordinationServiceService, implementation };
}
