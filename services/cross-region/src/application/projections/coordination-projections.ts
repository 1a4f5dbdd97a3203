import {
  administrativeAdviceEventCodec,
  agreementEventCodec,
  crossBorderIncidentEventCodec,
  jointMeetingEventCodec,
} from '@lesp/contracts';
import { assertNever, type EventRecord } from '@lesp/core';
import { isDuplicateKeyError } from '@lesp/event-store';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import type { Collection } from 'mongodb';
import { agreementDecider, type AgreementState, type ExistingAgreement } from '../../domain/agreement/agreement-decider.js';
import { ADVICE, AGREEMENT, INCIDENT, MEETING } from '../aggregates.js';
import { fromStored, toStored } from './stored.js';

const own = (record: EventRecord, aggregateType: string) => record.source === 'cross-region' && record.aggregateType === aggregateType;

async function unseen<Doc extends { _id: string; _v: number }>(
  target: Collection<Doc>,
  id: string,
  record: EventRecord,
): Promise<Doc | null | false> {
  const current = (await target.findOne({ _id: id } as never)) as Doc | null;
  if (current && current._v >= record.version) return false;
  return current;
}

// ---- agreements ----

/** One per agreement (`_id` = agreement id; ids are made by the service): its folded state and current members. */
export interface AgreementDocument {
  _id: string;
  _v: number;
  countyCode: string;
  name: string;
  /** Every county the agreement lists or listed (members, former members, proposed members). */
  counties: string[];
  state: ExistingAgreement;
}

export const agreementsProjection: Projection<AgreementDocument> = {
  name: 'cross-region.agreements',
  readModel: 'rm_agreements',
  handles: (eventType) => agreementEventCodec.handles(eventType),
  async apply(record, target) {
    if (!own(record, AGREEMENT)) return;
    const current = await unseen(target, record.aggregateId, record);
    if (current === false) return;
    const before: AgreementState = current ? fromStored(current.state) : agreementDecider.initialState();
    const state = agreementDecider.evolve(before, agreementEventCodec.decode(record.eventType, record.schemaVersion, record.payload));
    if (state.status === 'none') return;
    await applyVersioned(target, record.aggregateId, record, {
      $set: { name: state.name, counties: state.members.map((m) => m.countyCode), state: toStored(state) },
    });
  },
};

// ---- incidents ----

export interface OpinionView {
  readonly opinionId: string;
  readonly countyCode: string;
  readonly actId: string;
  readonly opinion: string;
  readonly addedAt: Date;
}

export interface IncidentView {
  readonly incidentId: string;
  readonly agreementId: string;
  readonly agreementCounty: string;
  readonly countyCode: string;
  readonly locationCounty: string;
  readonly title: string;
  readonly description: string;
  readonly status: 'reported' | 'assigned' | 'closed';
  readonly occurredAt: Date;
  readonly reportedAt: Date;
  readonly handlingCounty: string;
  readonly supervisingCounties: readonly string[];
  readonly basis: string;
  readonly meetingId: string;
  readonly linkedActIds: readonly string[];
  readonly opinions: readonly OpinionView[];
  readonly closureConsents: readonly string[];
  readonly closedAt?: Date;
}

export interface IncidentDocument {
  _id: string;
  _v: number;
  countyCode: string;
  agreementId: string;
  /** Reporting, location, handling and supervising counties: who may see the incident at all. */
  involved: string[];
  view: IncidentView;
}

export function evolveIncidentView(view: IncidentView | undefined, record: EventRecord): IncidentView | undefined {
  const event = crossBorderIncidentEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  if (event.type === 'IncidentReported') {
    const d = event.data;
    return {
      incidentId: d.incidentId,
      agreementId: d.agreementId,
      agreementCounty: d.agreementCounty,
      countyCode: d.countyCode,
      locationCounty: d.locationCounty,
      title: d.title,
      description: d.description,
      status: 'reported',
      occurredAt: d.occurredAt ?? new Date(0),
      reportedAt: d.reportedAt ?? new Date(0),
      handlingCounty: '',
      supervisingCounties: [],
      basis: '',
      meetingId: '',
      linkedActIds: [],
      opinions: [],
      closureConsents: [],
    };
  }
  if (!view) return view;
  switch (event.type) {
    case 'JurisdictionDecided':
      return {
        ...view,
        status: 'assigned',
        handlingCounty: event.data.handlingCounty,
        supervisingCounties: event.data.supervisingCounties,
        basis: event.data.basis,
        meetingId: event.data.meetingId,
      };
    case 'IncidentActLinked':
      return { ...view, linkedActIds: [...view.linkedActIds, event.data.actId] };
    case 'SupervisionOpinionAdded': {
      const d = event.data;
      return {
        ...view,
        opinions: [
          ...view.opinions,
          { opinionId: d.opinionId, countyCode: d.countyCode, actId: d.actId, opinion: d.opinion, addedAt: d.addedAt ?? new Date(0) },
        ],
      };
    }
    case 'IncidentClosureConsented':
      return { ...view, closureConsents: [...view.closureConsents, event.data.countyCode] };
    case 'IncidentClosed':
      return { ...view, status: 'closed', closedAt: event.data.closedAt ?? new Date(0) };
    default:
      return assertNever(event, 'incident event');
  }
}

/** The fields an incident's document is listed and checked by, besides its view. */
export function incidentFields(view: IncidentView): Pick<IncidentDocument, 'agreementId' | 'involved'> {
  const counties = [view.countyCode, view.locationCounty, view.handlingCounty, ...view.supervisingCounties];
  return { agreementId: view.agreementId, involved: [...new Set(counties.filter((c) => c !== ''))] };
}

export const incidentsProjection: Projection<IncidentDocument> = {
  name: 'cross-region.incidents',
  readModel: 'rm_incidents',
  handles: (eventType) => crossBorderIncidentEventCodec.handles(eventType),
  async apply(record, target) {
    if (!own(record, INCIDENT)) return;
    const current = await unseen(target, record.aggregateId, record);
    if (current === false) return;
    const view = evolveIncidentView(current ? fromStored(current.view) : undefined, record);
    if (!view) return;
    await applyVersioned(target, record.aggregateId, record, { $set: { ...incidentFields(view), view: toStored(view) } });
  },
};

// ---- administrative advice ----

export interface AdviceView {
  readonly adviceId: string;
  readonly agreementId: string;
  readonly countyCode: string;
  readonly toCounty: string;
  readonly incidentId: string;
  readonly subject: string;
  readonly content: string;
  readonly status: 'sent' | 'answered' | 'escalated';
  readonly dueAt: Date;
  readonly sentAt: Date;
  readonly answer: string;
  readonly answeredAt?: Date;
  readonly escalatedToMeeting: string;
  /** Overdue while the agreement had no meeting scheduled (the timer flagged it). */
  readonly awaitingSince?: Date;
}

export interface AdviceDocument {
  _id: string;
  _v: number;
  countyCode: string;
  agreementId: string;
  toCounty: string;
  /** Not answered yet (the escalation looks for these). */
  open: boolean;
  view: AdviceView;
}

export function evolveAdviceView(view: AdviceView | undefined, record: EventRecord): AdviceView | undefined {
  const event = administrativeAdviceEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  if (event.type === 'AdviceSent') {
    const d = event.data;
    return {
      adviceId: d.adviceId,
      agreementId: d.agreementId,
      countyCode: d.countyCode,
      toCounty: d.toCounty,
      incidentId: d.incidentId,
      subject: d.subject,
      content: d.content,
      status: 'sent',
      dueAt: d.dueAt ?? new Date(0),
      sentAt: d.sentAt ?? new Date(0),
      answer: '',
      escalatedToMeeting: '',
    };
  }
  if (!view) return view;
  switch (event.type) {
    case 'AdviceAnswered':
      return { ...view, status: 'answered', answer: event.data.answer, answeredAt: event.data.answeredAt ?? new Date(0) };
    case 'AdviceEscalated':
      return { ...view, status: view.status === 'answered' ? 'answered' : 'escalated', escalatedToMeeting: event.data.meetingId };
    case 'AdviceAwaitingMeeting':
      return { ...view, awaitingSince: event.data.flaggedAt ?? new Date(0) };
    default:
      return assertNever(event, 'advice event');
  }
}

/** The fields an advice document is listed and scanned by, besides its view. */
export function adviceFields(view: AdviceView): Pick<AdviceDocument, 'agreementId' | 'toCounty' | 'open'> {
  return { agreementId: view.agreementId, toCounty: view.toCounty, open: view.status !== 'answered' };
}

export const adviceProjection: Projection<AdviceDocument> = {
  name: 'cross-region.advice',
  readModel: 'rm_advice',
  handles: (eventType) => administrativeAdviceEventCodec.handles(eventType),
  async apply(record, target) {
    if (!own(record, ADVICE)) return;
    const current = await unseen(target, record.aggregateId, record);
    if (current === false) return;
    const view = evolveAdviceView(current ? fromStored(current.view) : undefined, record);
    if (!view) return;
    await applyVersioned(target, record.aggregateId, record, { $set: { ...adviceFields(view), view: toStored(view) } });
  },
};

// ---- joint meetings ----

export interface DecisionView {
  readonly decisionId: string;
  readonly decision: string;
  readonly assigneeCounty: string;
  readonly dueAt?: Date;
  readonly completedAt?: Date;
  readonly report: string;
}

export interface MeetingView {
  readonly meetingId: string;
  readonly agreementId: string;
  readonly countyCode: string;
  readonly inTurn: boolean;
  readonly status: 'scheduled' | 'held';
  readonly scheduledFor: Date;
  readonly heldAt?: Date;
  readonly agenda: readonly string[];
  readonly attendees: readonly { readonly countyCode: string; readonly names: readonly string[] }[];
  readonly minutes: string;
  readonly escalatedAdvice: readonly { readonly adviceId: string; readonly countyCode: string }[];
  readonly decisions: readonly DecisionView[];
}

export interface MeetingDocument {
  _id: string;
  _v: number;
  countyCode: string;
  agreementId: string;
  view: MeetingView;
}

export function evolveMeetingView(view: MeetingView | undefined, record: EventRecord): MeetingView | undefined {
  const event = jointMeetingEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  if (event.type === 'JointMeetingScheduled') {
    const d = event.data;
    return {
      meetingId: d.meetingId,
      agreementId: d.agreementId,
      countyCode: d.countyCode,
      inTurn: d.inTurn,
      status: 'scheduled',
      scheduledFor: d.scheduledFor ?? new Date(0),
      agenda: d.agenda,
      attendees: [],
      minutes: '',
      escalatedAdvice: [],
      decisions: [],
    };
  }
  if (!view) return view;
  switch (event.type) {
    case 'JointMeetingHeld':
      return {
        ...view,
        status: 'held',
        heldAt: event.data.heldAt ?? new Date(0),
        attendees: event.data.attendees,
        minutes: event.data.minutes,
        escalatedAdvice: event.data.escalatedAdvice,
      };
    case 'MeetingDecisionRecorded': {
      const d = event.data;
      return {
        ...view,
        decisions: [
          ...view.decisions,
          {
            decisionId: d.decisionId,
            decision: d.decision,
            assigneeCounty: d.assigneeCounty,
            ...(d.dueAt ? { dueAt: d.dueAt } : {}),
            report: '',
          },
        ],
      };
    }
    case 'MeetingTaskCompleted': {
      const d = event.data;
      return {
        ...view,
        decisions: view.decisions.map((t) =>
          t.decisionId === d.decisionId ? { ...t, completedAt: d.completedAt ?? new Date(0), report: d.report } : t,
        ),
      };
    }
    default:
      return assertNever(event, 'meeting event');
  }
}

export const meetingsProjection: Projection<MeetingDocument> = {
  name: 'cross-region.meetings',
  readModel: 'rm_meetings',
  handles: (eventType) => jointMeetingEventCodec.handles(eventType),
  async apply(record, target) {
    if (!own(record, MEETING)) return;
    const current = await unseen(target, record.aggregateId, record);
    if (current === false) return;
    const view = evolveMeetingView(current ? fromStored(current.view) : undefined, record);
    if (!view) return;
    await applyVersioned(target, record.aggregateId, record, { $set: { agreementId: view.agreementId, view: toStored(view) } });
  },
};

// ---- meeting agendas ----

/** The advice escalated to a meeting (`_id` = meeting id), kept apart from the meeting's own stream and versions. */
export interface MeetingAgendaDocument {
  _id: string;
  countyCode: string;
  advice: { adviceId: string; countyCode: string }[];
}

/**
 * What each AdviceEscalated put on a meeting's agenda. Another stream's events than the
 * meeting's, so not version-checked: `$addToSet` lets each in once however often it comes.
 */
export const meetingAgendasProjection: Projection<MeetingAgendaDocument> = {
  name: 'cross-region.meeting-agendas',
  readModel: 'rm_meeting_agendas',
  handles: (eventType) => eventType === 'AdviceEscalated',
  async apply(record, target) {
    if (!own(record, ADVICE)) return;
    const event = administrativeAdviceEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    if (event.type !== 'AdviceEscalated') return;
    const update = {
      $set: { countyCode: event.data.meetingCounty },
      $addToSet: { advice: { adviceId: event.data.adviceId, countyCode: record.countyCode } },
    };
    try {
      await target.updateOne({ _id: event.data.meetingId }, update, { upsert: true });
    } catch (error) {
      // Two first items of one agenda raced to create it: the second is an update now.
      if (!isDuplicateKeyError(error)) throw error;
      await target.updateOne({ _id: event.data.meetingId }, update);
    }
  },
};
