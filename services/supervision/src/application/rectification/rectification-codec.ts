import { rectificationEventCodec, type RectificationEventV1, type rectificationV1 } from '@lesp/contracts';
import { assertNever, type EventCodec } from '@lesp/core';
import type {
  Accountability,
  CopyRecipient,
  RectificationDocumentKind,
  RectificationEvent,
  RectificationOutcome,
  RecordedGround,
} from '../../domain/rectification/index.js';
import type { SupervisionForm } from '../../domain/shared/supervision-forms.js';

/**
 * The rectification events on the wire: the domain's events (a union of grounds, optional
 * deadlines, string-literal kinds) mapped to and from the proto messages of
 * rectification.proto. Grounds are flattened into kind + the fields of that kind.
 */
const EPOCH = new Date(0);
const date = (value: Date | undefined): Date => value ?? EPOCH;

function groundToWire(ground: RecordedGround): rectificationV1.RectificationGround {
  const empty = { alertId: '', reviewId: '', problemId: '', planId: '', targetId: '', description: '' };
  switch (ground.kind) {
    case 'alert':
      return { ...empty, kind: 'alert', alertId: ground.alertId };
    case 'case_file_problem':
      return { ...empty, kind: ground.kind, reviewId: ground.reviewId, problemId: ground.problemId, description: ground.description };
    case 'inspection_finding':
      return { ...empty, kind: ground.kind, planId: ground.planId, targetId: ground.targetId, description: ground.description };
    case 'finding':
      return { ...empty, kind: 'finding', description: ground.description };
    default:
      return assertNever(ground, 'rectification ground');
  }
}

export function groundFromWire(ground: rectificationV1.RectificationGround): RecordedGround {
  switch (ground.kind) {
    case 'alert':
      return { kind: 'alert', alertId: ground.alertId };
    case 'case_file_problem':
      return { kind: 'case_file_problem', reviewId: ground.reviewId, problemId: ground.problemId, description: ground.description };
    case 'inspection_finding':
      return { kind: 'inspection_finding', planId: ground.planId, targetId: ground.targetId, description: ground.description };
    default:
      return { kind: 'finding', description: ground.description };
  }
}

const recipients = (list: readonly CopyRecipient[]) => list.map((r) => ({ name: r.name, relation: r.relation }));

export function accountabilityToWire(a: Accountability): rectificationV1.RectificationAccountability {
  return { decidedBy: a.decidedBy, measure: a.measure, persons: [...a.persons], basis: a.basis, decidedAt: a.decidedAt };
}

export function accountabilityFromWire(a: rectificationV1.RectificationAccountability | undefined): Accountability {
  return {
    decidedBy: a?.decidedBy ?? '',
    measure: a?.measure ?? '',
    persons: a?.persons ?? [],
    basis: a?.basis ?? '',
    decidedAt: date(a?.decidedAt),
  };
}

export function toWire(event: RectificationEvent): RectificationEventV1 {
  switch (event.type) {
    case 'RectificationNoticeIssued': {
      const d = event.data;
      return {
        type: event.type,
        data: { ...d, grounds: d.grounds.map(groundToWire), copiedTo: recipients(d.copiedTo) },
      };
    }
    case 'RectificationReplied':
      return { type: event.type, data: { ...event.data, measures: [...event.data.measures] } };
    case 'RectificationAccepted':
    case 'RectificationReturned':
    case 'RectificationClosed':
    case 'RectificationMarkedForPublication':
      return { type: event.type, data: { ...event.data } } as RectificationEventV1;
    case 'RectificationEscalated': {
      const d = event.data;
      return {
        type: event.type,
        data: { ...d, reportedTo: recipients(d.reportedTo), newDeadline: d.newDeadline },
      };
    }
    case 'AccountabilityRecorded':
      return {
        type: event.type,
        data: { rectificationId: event.data.rectificationId, accountability: accountabilityToWire(event.data.accountability) },
      };
    default:
      return assertNever(event, 'rectification event');
  }
}

export function fromWire(event: RectificationEventV1): RectificationEvent {
  switch (event.type) {
    case 'RectificationNoticeIssued': {
      const d = event.data;
      return {
        type: event.type,
        data: {
          ...d,
          documentKind: d.documentKind as RectificationDocumentKind,
          supervisionForm: d.supervisionForm as SupervisionForm,
          grounds: d.grounds.map(groundFromWire),
          deadline: date(d.deadline),
          issuedAt: date(d.issuedAt),
        },
      };
    }
    case 'RectificationReplied':
      return { type: event.type, data: { ...event.data, repliedAt: date(event.data.repliedAt) } };
    case 'RectificationAccepted':
      return { type: event.type, data: { ...event.data, acceptedAt: date(event.data.acceptedAt) } };
    case 'RectificationReturned':
      return {
        type: event.type,
        data: { ...event.data, newDeadline: date(event.data.newDeadline), returnedAt: date(event.data.returnedAt) },
      };
    case 'RectificationEscalated': {
      const { newDeadline, ...d } = event.data;
      return {
        type: event.type,
        data: {
          ...d,
          overdueSince: date(d.overdueSince),
          escalatedAt: date(d.escalatedAt),
          ...(newDeadline ? { newDeadline } : {}),
        },
      };
    }
    case 'RectificationClosed':
      return {
        type: event.type,
        data: { ...event.data, outcome: event.data.outcome as RectificationOutcome, closedAt: date(event.data.closedAt) },
      };
    case 'AccountabilityRecorded':
      return {
        type: event.type,
        data: { rectificationId: event.data.rectificationId, accountability: accountabilityFromWire(event.data.accountability) },
      };
    case 'RectificationMarkedForPublication':
      return {
        type: event.type,
        data: {
          ...event.data,
          documentKind: event.data.documentKind as RectificationDocumentKind,
          outcome: event.data.outcome as RectificationOutcome,
          closedAt: date(event.data.closedAt),
        },
      };
    default:
      return assertNever(event, 'rectification event');
  }
}

/** The domain's rectification events to and from protobuf payloads. */
export const rectificationDomainCodec: EventCodec<RectificationEvent> = {
  eventTypes: rectificationEventCodec.eventTypes,
  handles: (eventType) => rectificationEventCodec.handles(eventType),
  encode: (event) => rectificationEventCodec.encode(toWire(event)),
  decode: (eventType, schemaVersion, payload) => fromWire(rectificationEventCodec.decode(eventType, schemaVersion, payload)),
};
