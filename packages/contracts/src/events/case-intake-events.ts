import { protobufEventCodec } from '@lesp/core';
import { actEventTable, type ActEvent } from './act-events.js';
import { agencyEventTable, type AgencyEvent } from './agency-events.js';
import { complaintEventTable, type ComplaintEvent } from './complaint-events.js';
import { officerEventTable, type OfficerEvent } from './officer-events.js';

/**
 * The published language of case intake: every event it puts on lesp.case-intake.events,
 * one table per aggregate merged into one codec. Consumers that care about one aggregate
 * use its own codec (`agencyEventCodec`, `actEventCodec`), whose `handles()` is true only
 * for that aggregate's events, so a new event elsewhere never reaches their `switch`.
 */
export type CaseIntakeEvent = AgencyEvent | ActEvent | ComplaintEvent | OfficerEvent;

export const agencyEventCodec = protobufEventCodec<AgencyEvent>(agencyEventTable);
export const actEventCodec = protobufEventCodec<ActEvent>(actEventTable);
export const complaintEventCodec = protobufEventCodec<ComplaintEvent>(complaintEventTable);
export const officerEventCodec = protobufEventCodec<OfficerEvent>(officerEventTable);

export const caseIntakeEventCodec = protobufEventCodec<CaseIntakeEvent>({
  ...agencyEventTable,
  ...complaintEventTable,
  ...actEventTable,
  ...officerEventTable,
});
