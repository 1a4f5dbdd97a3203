import { agencyEventCodec } from '@lesp/contracts';
import type { AggregateType } from '@lesp/event-store';
import type { AgencyCommand } from '../domain/agency/agency-commands.js';
import { agencyDecider, type AgencyEvent, type AgencyState } from '../domain/agency/agency-decider.js';

export const agencyAggregate: AggregateType<AgencyCommand, AgencyEvent, AgencyState> = {
  source: 'case-intake',
  aggregateType: 'Agency',
  decider: agencyDecider,
  codec: agencyEventCodec,
};
