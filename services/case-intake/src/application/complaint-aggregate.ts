import { complaintEventCodec } from '@lesp/contracts';
import type { AggregateType } from '@lesp/event-store';
import type { ComplaintCommand } from '../domain/complaint/complaint-commands.js';
import { complaintDecider, type ComplaintEvent, type ComplaintState } from '../domain/complaint/complaint-decider.js';

export const complaintAggregate: AggregateType<ComplaintCommand, ComplaintEvent, ComplaintState> = {
  source: 'case-intake',
  aggregateType: 'Complaint',
  decider: complaintDecider,
  codec: complaintEventCodec,
};
