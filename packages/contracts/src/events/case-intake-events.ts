import { protobufEventCodec, type DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/case_intake/v1/events.js';

/** The published language of case intake: every event it puts on lesp.case-intake.events. */
export type CaseIntakeEvent =
  | DomainEvent<'AgencyRegistered', v1.AgencyRegistered>
  | DomainEvent<'AgencySuspended', v1.AgencySuspended>
  | DomainEvent<'AgencyReinstated', v1.AgencyReinstated>;

export const caseIntakeEventCodec = protobufEventCodec<CaseIntakeEvent>({
  AgencyRegistered: { schemaVersion: 1, fns: v1.AgencyRegistered },
  AgencySuspended: { schemaVersion: 1, fns: v1.AgencySuspended },
  AgencyReinstated: { schemaVersion: 1, fns: v1.AgencyReinstated },
});
