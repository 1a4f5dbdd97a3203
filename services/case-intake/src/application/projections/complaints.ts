import { complaintEventCodec } from '@lesp/contracts';
import { assertNever, maskPersonName, maskPhone } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import type { ComplaintStatus } from '../../domain/complaint/complaint-rules.js';

export interface ComplaintHandlingEntry {
  agencyId: string;
  notes: string;
  officerIds: string[];
  recordedAt: Date;
}

/**
 * 投诉举报台账: one document per complaint. The complainant is kept masked only (张*三,
 * 138****1234); the full name and number stay in the event store.
 */
export interface ComplaintDocument {
  _id: string;
  _v: number;
  countyCode: string;
  complaintId: string;
  trackingNumber: string;
  source: string;
  subject: string;
  summary: string;
  status: ComplaintStatus;
  anonymous: boolean;
  complainantNameMasked: string;
  complainantPhoneMasked: string;
  concernedAgencyId: string;
  /** The agency it is assigned to; empty until assigned. */
  agencyId: string;
  assignmentNote?: string;
  receivedAt: Date;
  handlingDays: number;
  dueAt: Date;
  assignedAt?: Date;
  handlings: ComplaintHandlingEntry[];
  answer?: string;
  answeredAt?: Date;
  closedAt?: Date;
  rejectionReason?: string;
  rejectedAt?: Date;
  updatedAt: Date;
}

export const complaintsProjection: Projection<ComplaintDocument> = {
  name: 'case-intake.complaints',
  readModel: 'rm_complaints',
  indexes: [
    { key: { countyCode: 1, _id: 1 }, name: 'county_id' },
    { key: { countyCode: 1, status: 1, dueAt: 1 }, name: 'county_status_due' },
    { key: { trackingNumber: 1 }, name: 'tracking_number' },
  ],
  handles: (eventType) => complaintEventCodec.handles(eventType),
  async apply(record, target) {
    const event = complaintEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const at = record.occurredAt;
    switch (event.type) {
      case 'ComplaintReceived': {
        const { complainant, receivedAt, dueAt, ...data } = event.data;
        await applyVersioned(target, record.streamId, record, {
          $set: {
            ...data,
            status: 'received',
            anonymous: complainant === undefined,
            complainantNameMasked: complainant ? maskPersonName(complainant.name) : '',
            complainantPhoneMasked: complainant && complainant.phone !== '' ? maskPhone(complainant.phone) : '',
            agencyId: '',
            receivedAt: receivedAt ?? at,
            dueAt: dueAt ?? at,
            handlings: [],
            updatedAt: record.recordedAt,
          },
        });
        return;
      }
      case 'ComplaintAssigned':
        await applyVersioned(target, record.streamId, record, {
          $set: {
            status: 'assigned',
            agencyId: event.data.agencyId,
            assignmentNote: event.data.note,
            assignedAt: at,
            updatedAt: record.recordedAt,
          },
        });
        return;
      case 'ComplaintHandlingRecorded':
        await applyVersioned(target, record.streamId, record, {
          $set: { status: 'in_handling', updatedAt: record.recordedAt },
          $push: {
            handlings: { agencyId: event.data.agencyId, notes: event.data.notes, officerIds: event.data.officerIds, recordedAt: at },
          },
        });
        return;
      case 'ComplaintAnswered':
        await applyVersioned(target, record.streamId, record, {
          $set: { status: 'answered', answer: event.data.answer, answeredAt: event.data.answeredAt ?? at, updatedAt: record.recordedAt },
        });
        return;
      case 'ComplaintClosed':
        await applyVersioned(target, record.streamId, record, { $set: { status: 'closed', closedAt: at, updatedAt: record.recordedAt } });
        return;
      case 'ComplaintRejected':
        await applyVersioned(target, record.streamId, record, {
          $set: { status: 'rejected', rejectionReason: event.data.reason, rejectedAt: at, updatedAt: record.recordedAt },
        });
        return;
      default:
        assertNever(event, 'complaint event');
    }
  },
};
