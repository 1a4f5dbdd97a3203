import { officerEventCodec } from '@lesp/contracts';
import type { AggregateType } from '@lesp/event-store';
import type { OfficerCommand } from '../domain/officer/officer-commands.js';
import { officerDecider, type OfficerEvent, type OfficerState } from '../domain/officer/officer-decider.js';

export const officerAggregate: AggregateType<OfficerCommand, OfficerEvent, OfficerState> = {
  source: 'case-intake',
  aggregateType: 'Officer',
  decider: officerDecider,
  codec: officerEventCodec,
};
