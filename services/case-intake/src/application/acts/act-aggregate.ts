import { actEventCodec, type ActEvent } from '@lesp/contracts';
import type { AggregateType } from '@lesp/event-store';
import type { ActCommand } from '../../domain/act/act-commands.js';
import { actDecider, type ActState } from '../../domain/act/act-decider.js';

export const ACT_AGGREGATE = 'EnforcementAct';

export const actAggregate: AggregateType<ActCommand, ActEvent, ActState> = {
  source: 'case-intake',
  aggregateType: ACT_AGGREGATE,
  decider: actDecider,
  codec: actEventCodec,
};
