import { complaintEventCodec } from '@lesp/contracts';
import { assertNever, ValidationError } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { NO_TARGET, scrubText } from '../../domain/masking.js';

/** Crockford base32 as case intake writes tracking numbers (查询码): 12 characters. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** What a person typed, made comparable as case intake does: case, spaces and dashes ignored, O→0, I/L→1. */
export function normalizeTrackingNumber(input: string): string | undefined {
  const value = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return value.length === 12 && [...value].every((c) => ALPHABET.includes(c)) ? value : undefined;
}

/**
 * A complaint's public status by tracking number, from case intake's complaint events: status,
 * received and answered dates and the answer (ID and phone numbers scrubbed). Never the
 * complainant, the subject, the agency's notes or the officers. Two documents per complaint:
 * `tn:<number>` (the lookup, by `_id`) and `stream:<stream>` (which number later events update).
 */
export interface ComplaintStatusDocument {
  _id: string;
  _v: number;
  countyCode: string;
  trackingNumber: string;
  status: 'received' | 'assigned' | 'in_handling' | 'answered' | 'closed' | 'rejected';
  receivedAt?: Date;
  answeredAt?: Date;
  answer?: string;
}

export const complaintStatusProjection: Projection<ComplaintStatusDocument> = {
  name: 'public-disclosure.complaint-status',
  readModel: 'rm_complaint_status',
  handles: (eventType) => complaintEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'case-intake') return;
    const event = complaintEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const write = async (set: Partial<ComplaintStatusDocument>) => {
      const link = await target.findOne({ _id: `stream:${record.streamId}` });
      if (!link) return;
      await applyVersioned(target, `tn:${link.trackingNumber}`, record, { $set: set });
      await applyVersioned(target, `stream:${record.streamId}`, record, { $set: set });
    };
    switch (event.type) {
      case 'ComplaintReceived': {
        const trackingNumber = normalizeTrackingNumber(event.data.trackingNumber);
        if (!trackingNumber) return;
        const set = { trackingNumber, status: 'received' as const, receivedAt: event.data.receivedAt ?? record.occurredAt };
        await applyVersioned(target, `stream:${record.streamId}`, record, { $set: set });
        await applyVersioned(target, `tn:${trackingNumber}`, record, { $set: set });
        return;
      }
      case 'ComplaintAssigned':
        return write({ status: 'assigned' });
      case 'ComplaintHandlingRecorded':
        return write({ status: 'in_handling' });
      case 'ComplaintAnswered':
        return write({
          status: 'answered',
          answer: scrubText(event.data.answer, NO_TARGET),
          answeredAt: event.data.answeredAt ?? record.occurredAt,
        });
      case 'ComplaintClosed':
        return write({ status: 'closed' });
      case 'ComplaintRejected':
        return write({ status: 'rejected' });
      default:
        assertNever(event, 'complaint event');
    }
  },
};

export function checkedTrackingNumber(input: string): string {
  const number = normalizeTrackingNumber(input);
  if (!number) throw ValidationError.of('trackingNumber', 'TRACKING_NUMBER_INVALID', '查询码应为 12 位字母或数字');
  return number;
}
