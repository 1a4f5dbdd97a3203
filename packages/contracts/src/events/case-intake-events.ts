import { protobufEventCodec } from '@lesp/core';
import { agencyEventTable, type AgencyEvent } from './agency-events.js';

/**
 * The published language of case intake: every event it puts on lesp.case-intake.events,
 * one table per aggregate merged into one codec.
 */
export type CaseIntakeEvent = AgencyEvent;

export const caseIntakeEventCodec = protobufEventCodec<CaseIntakeEvent>({
  ...agencyEventTable,
});
