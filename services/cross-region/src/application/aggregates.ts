import {
  administrativeAdviceEventCodec,
  agreementEventCodec,
  crossBorderIncidentEventCodec,
  jointMeetingEventCodec,
} from '@lesp/contracts';
import type { AggregateType } from '@lesp/event-store';
import { adviceDecider, type AdviceCommand, type AdviceEvent, type AdviceState } from '../domain/advice/advice-decider.js';
import {
  agreementDecider,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
} from '../domain/agreement/agreement-decider.js';
import { incidentDecider, type IncidentCommand, type IncidentEvent, type IncidentState } from '../domain/incident/incident-decider.js';
import { meetingDecider, type MeetingCommand, type MeetingEvent, type MeetingState } from '../domain/meeting/meeting-decider.js';

/** Stream types: `${county}/Agreement/${id}`, `${county}/CrossBorderIncident/${id}`, ... */
export const AGREEMENT = 'Agreement';
export const INCIDENT = 'CrossBorderIncident';
export const ADVICE = 'AdministrativeAdvice';
export const MEETING = 'JointMeeting';

/** The published event types are the domain's event bodies (as in case intake): the codecs are the contracts'. */
export const agreementAggregate: AggregateType<AgreementCommand, AgreementEvent, AgreementState> = {
  source: 'cross-region',
  aggregateType: AGREEMENT,
  decider: agreementDecider,
  codec: agreementEventCodec,
};

export const incidentAggregate: AggregateType<IncidentCommand, IncidentEvent, IncidentState> = {
  source: 'cross-region',
  aggregateType: INCIDENT,
  decider: incidentDecider,
  codec: crossBorderIncidentEventCodec,
};

export const adviceAggregate: AggregateType<AdviceCommand, AdviceEvent, AdviceState> = {
  source: 'cross-region',
  aggregateType: ADVICE,
  decider: adviceDecider,
  codec: administrativeAdviceEventCodec,
};

export const meetingAggregate: AggregateType<MeetingCommand, MeetingEvent, MeetingState> = {
  source: 'cross-region',
  aggregateType: MEETING,
  decider: meetingDecider,
  codec: jointMeetingEventCodec,
};

export interface CommandOutcome {
  readonly aggregateId: string;
  readonly version: number;
  readonly eventIds: readonly string[];
  readonly replayed?: boolean;
}

/** The process manager acts as this system actor. */
export function systemActor(countyCode: string) {
  return { userId: 'cross-region-process', role: 'service', countyCode };
}
