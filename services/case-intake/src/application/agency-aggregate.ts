import { caseIntakeEventCodec } from '@lesp/contracts';
import type { AggregateType } from '@lesp/event-store';
import type { AgencyCommand } from '../domain/agency/agency-commands.js';
import { agencyDecider, type AgencyEvent, type AgencyState } from '../domain/agency/agency-decider.js';

export const agencyAggregate: AggregateType<AgencyCommand, AgencyEvent, AgencyState> = {
  source: 'case-intake',
  aggregateType: 'Agency',
  decider: agencyDecider,
  // The published codec covers every case-intake event; the agency stream holds only agency events.
  codec: caseIntakeEventCodec as AggregateType<AgencyCommand, AgencyEvent, AgencyState>['codec'],
};
