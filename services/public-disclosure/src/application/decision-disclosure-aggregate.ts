import { decisionDisclosureEventCodec } from '@lesp/contracts';
import type { AggregateType } from '@lesp/event-store';
import {
  decisionDisclosureDecider,
  type DecisionDisclosureEvent,
  type DisclosureCommand,
  type DisclosureState,
} from '../domain/decision/decision-disclosure.js';

/** Stream type of a decision's disclosure; aggregate id = the act id (what supervision matches on). */
export const DECISION_DISCLOSURE = 'DecisionDisclosure';

export const decisionDisclosureAggregate: AggregateType<DisclosureCommand, DecisionDisclosureEvent, DisclosureState> = {
  source: 'public-disclosure',
  aggregateType: DECISION_DISCLOSURE,
  decider: decisionDisclosureDecider,
  codec: decisionDisclosureEventCodec,
};
