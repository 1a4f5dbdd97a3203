import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { deadlineTimerAfter, RECTIFICATION_AGGREGATE, type RecordedGround } from '../../domain/rectification/index.js';
import { rectificationDomainCodec } from './rectification-codec.js';
import type { RectificationTimers } from './rectification-timers.js';

/** Rectifications as supervisors and agencies list them (rm_rectifications), one document per rectification. */
export interface RectificationDocument {
  _id: string;
  _v: number;
  countyCode: string;
  rectificationId: string;
  agencyId: string;
  documentKind: string;
  documentNumber: string;
  supervisionForm: string;
  status: 'awaiting_reply' | 'replied' | 'accepted' | 'closed';
  grounds: RecordedGround[];
  findings: string;
  requirements: string;
  /** The deadline in force; overdue = awaiting a reply after it. */
  deadline: Date;
  copiedTo: { name: string; relation: string }[];
  issuedBy: string;
  issuedAt: Date;
  measures: string[];
  explanation: string;
  repliedAt?: Date;
  repliedLate: boolean;
  returns: number;
  escalationLevel: number;
  /** The last verdict: acceptance opinion or return reason. */
  lastOpinion: string;
  outcome?: string;
  publicSummary?: string;
  closedAt?: Date;
  accountabilityRecorded: boolean;
  updatedAt: Date;
}

/**
 * The read model of rectifications, and the process manager of their deadline timers: for
 * each event it first does what `deadlineTimerAfter` says (schedule, cancel, keep), then
 * stores the document with the event's version. A redelivered event finds its version
 * applied and does neither again; a crash in between redoes the (idempotent) timer step.
 */
export function rectificationsProjection(timers: () => RectificationTimers | undefined): Projection<RectificationDocument> {
  return {
    name: 'supervision.rectifications',
    readModel: 'rm_rectifications',
    indexes: [
      { key: { countyCode: 1, _id: 1 }, name: 'county_id' },
      { key: { countyCode: 1, agencyId: 1, _id: 1 }, name: 'county_agency_id' },
      { key: { countyCode: 1, status: 1, _id: 1 }, name: 'county_status_id' },
    ],
    handles: (eventType) => rectificationDomainCodec.handles(eventType),
    async apply(record, target) {
      if (record.source !== 'supervision' || record.aggregateType !== RECTIFICATION_AGGREGATE) return;
      const event = rectificationDomainCodec.decode(record.eventType, record.schemaVersion, record.payload);
      const id = record.streamId;
      const current = await target.findOne({ _id: id }, { projection: { _v: 1, deadline: 1 } });
      if (current && current._v >= record.version) return;

      // The deadline in force before this event is the stored one: its timer is the one replaced or cancelled.
      const timerStore = timers();
      if (timerStore) {
        const action = deadlineTimerAfter(event);
        if (action.action === 'schedule') {
          await timerStore.schedule(record.countyCode, record.aggregateId, action.dueAt, record.recordedAt, current?.deadline);
        } else if (action.action === 'cancel' && current?.deadline) {
          await timerStore.cancel(record.countyCode, record.aggregateId, current.deadline);
        }
      }

      const at = record.occurredAt;
      switch (event.type) {
        case 'RectificationNoticeIssued': {
          const d = event.data;
          await applyVersioned(target, id, record, {
            $set: {
              rectificationId: d.rectificationId,
              agencyId: d.agencyId,
              documentKind: d.documentKind,
              documentNumber: d.documentNumber,
              supervisionForm: d.supervisionForm,
              status: 'awaiting_reply',
              grounds: [...d.grounds],
              findings: d.findings,
              requirements: d.requirements,
              deadline: d.deadline,
              copiedTo: d.copiedTo.map((r) => ({ name: r.name, relation: r.relation })),
              issuedBy: d.issuedBy,
              issuedAt: d.issuedAt,
              measures: [],
              explanation: '',
              repliedLate: false,
              returns: 0,
              escalationLevel: 0,
              lastOpinion: '',
              accountabilityRecorded: false,
              updatedAt: at,
            },
          });
          return;
        }
        case 'RectificationReplied':
          await applyVersioned(target, id, record, {
            $set: {
              status: 'replied',
              measures: [...event.data.measures],
              explanation: event.data.explanation,
              repliedAt: event.data.repliedAt,
              repliedLate: event.data.late,
              updatedAt: at,
            },
          });
          return;
        case 'RectificationAccepted':
          await applyVersioned(target, id, record, { $set: { status: 'accepted', lastOpinion: event.data.opinion, updatedAt: at } });
          return;
        case 'RectificationReturned':
          await applyVersioned(target, id, record, {
            $set: {
              status: 'awaiting_reply',
              deadline: event.data.newDeadline,
              returns: event.data.round,
              lastOpinion: event.data.reason,
              updatedAt: at,
            },
          });
          return;
        case 'RectificationEscalated':
          await applyVersioned(target, id, record, {
            $set: {
              escalationLevel: event.data.level,
              ...(event.data.newDeadline ? { deadline: event.data.newDeadline } : {}),
              updatedAt: at,
            },
          });
          return;
        case 'RectificationClosed':
          await applyVersioned(target, id, record, {
            $set: {
              status: 'closed',
              outcome: event.data.outcome,
              publicSummary: event.data.publicSummary,
              closedAt: event.data.closedAt,
              updatedAt: at,
            },
          });
          return;
        case 'AccountabilityRecorded':
        case 'RectificationMarkedForPublication':
          await applyVersioned(target, id, record, {
            $set: {
              ...(event.type === 'AccountabilityRecorded' ? { accountabilityRecorded: true } : {}),
              ...(event.type === 'RectificationMarkedForPublication' && event.data.accountabilityRecorded
                ? { accountabilityRecorded: true }
                : {}),
              updatedAt: at,
            },
          });
          return;
        default:
          assertNever(event, 'rectification event');
      }
    },
  };
}
