import type { DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/case_intake/v1/complaint_events.js';

/** Events of the Complaint aggregate (投诉举报 / 问题线索). */
export type ComplaintEvent =
  | DomainEvent<'ComplaintReceived', v1.ComplaintReceived>
  | DomainEvent<'ComplaintAssigned', v1.ComplaintAssigned>
  | DomainEvent<'ComplaintHandlingRecorded', v1.ComplaintHandlingRecorded>
  | DomainEvent<'ComplaintAnswered', v1.ComplaintAnswered>
  | DomainEvent<'ComplaintClosed', v1.ComplaintClosed>
  | DomainEvent<'ComplaintRejected', v1.ComplaintRejected>;

export const complaintEventTable = {
  ComplaintReceived: { schemaVersion: 1, fns: v1.ComplaintReceived },
  ComplaintAssigned: { schemaVersion: 1, fns: v1.ComplaintAssigned },
  ComplaintHandlingRecorded: { schemaVersion: 1, fns: v1.ComplaintHandlingRecorded },
  ComplaintAnswered: { schemaVersion: 1, fns: v1.ComplaintAnswered },
  ComplaintClosed: { schemaVersion: 1, fns: v1.ComplaintClosed },
  ComplaintRejected: { schemaVersion: 1, fns: v1.ComplaintRejected },
} as const;
